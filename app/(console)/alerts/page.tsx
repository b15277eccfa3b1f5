import type { Metadata } from 'next';
import Link from 'next/link';
import { Suspense } from 'react';
import { IgnoredFilters } from '@/components/ui/ignored-filters';
import { PageHeader } from '@/components/ui/page-header';
import { Pager } from '@/components/ui/pager';
import { RelativeTime } from '@/components/ui/relative-time';
import { StatusBadge } from '@/components/ui/status-badge';
import { Table, Td } from '@/components/ui/table';
import { TableSkeleton } from '@/components/ui/table-skeleton';
import { LiveList } from '@/components/live/live-list';
import { countUnresolvedAlerts, listAlerts } from '@/db/queries/alerts';
import type { AlertStatus } from '@/db/schema/enums';
import { requirePermission } from '@/lib/auth/guard';
import { alertFilters, alertView, alertViews as views } from '@/lib/lists/filters';
import { can } from '@/lib/rules/permissions';
import { decodeCursor } from '@/lib/pagination';
import { parseFilters, single, type SearchParams } from '@/lib/search-params';
import { AlertActions } from './_components/alert-actions';
import { ChannelsBox } from './_components/channels-box';

export const metadata: Metadata = { title: 'Alerts' };

export default async function AlertsPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requirePermission('dashboard:view');
  const params = await searchParams;
  const { values, ignored } = parseFilters(params, alertFilters);
  const current = values.status;
  const view = alertView(values);
  const canManage = can(user.role, 'alerts:manage');
  const head = [
    'Status',
    'Severity',
    'Rule',
    'Alert',
    'Seen',
    'First / last seen',
    'Acknowledged by',
    'Notified',
    ...(canManage ? [''] : []),
  ];
  const counts = await countUnresolvedAlerts();
  return (
    <>
      <PageHeader
        title="Alerts"
        description={`${counts.open} open, ${counts.acknowledged} acknowledged. Rules are evaluated every minute; thresholds are in Settings.`}
      />
      <IgnoredFilters ignored={ignored} />
      <nav className="mb-3 flex flex-wrap gap-1 text-xs" aria-label="Filter by status">
        {views.map((v) => (
          <Link
            key={v.label}
            href={v.value ? `/alerts?${new URLSearchParams({ status: v.value })}` : '/alerts'}
            aria-current={v === view ? 'true' : undefined}
            className={`rounded px-2 py-1 ${v === view ? 'bg-slate-900 text-white' : 'bg-white ring-1 ring-slate-200 hover:bg-slate-100'}`}
          >
            {v.label}
          </Link>
        ))}
      </nav>
      <Suspense key={`${view.label}:${single(params.after)}`} fallback={<TableSkeleton head={head} />}>
        <AlertRows
          head={head}
          statuses={[...view.statuses]}
          status={current}
          after={single(params.after)}
          canManage={canManage}
        />
      </Suspense>
      <Suspense fallback={null}>
        <ChannelsBox />
      </Suspense>
    </>
  );
}

async function AlertRows({
  head,
  statuses,
  status,
  after,
  canManage,
}: {
  head: string[];
  statuses: AlertStatus[];
  status?: string;
  after?: string;
  canManage: boolean;
}) {
  const page = await listAlerts({ statuses, cursor: decodeCursor(after) });
  return (
    <>
      {/* Ordered by when each alert was last seen, which moves on: never held at a row (anchor off). */}
      <LiveList
        list="alerts"
        topic="alerts"
        first={page.first}
        ids={page.items.map((a) => a.id)}
        deep={Boolean(after)}
        anchor={false}
      />
      <Table head={head} empty={page.items.length === 0}>
        {page.items.map((a) => {
          return (
            <tr key={a.id}>
              <Td>
                <StatusBadge status={a.status} />
              </Td>
              <Td>
                <StatusBadge status={a.severity} />
              </Td>
              <Td mono>{a.rule}</Td>
              <Td className="min-w-64">
                <AlertText alert={a} />
              </Td>
              <Td className="tabular-nums">{a.occurrences}×</Td>
              <Td className="text-xs">
                <RelativeTime at={a.firstSeenAt} />
                <br />
                <RelativeTime at={a.lastSeenAt} />
              </Td>
              <Td className="text-xs">
                {a.acknowledgedBy ?? '—'}
                {a.acknowledgedAt && (
                  <div>
                    <RelativeTime at={a.acknowledgedAt} />
                  </div>
                )}
              </Td>
              <Td className="text-xs">
                {(page.notifications.get(a.id) ?? []).map((n) => (
                  <div key={n.channel} title={n.detail ?? undefined} className="whitespace-nowrap">
                    {n.channel} <StatusBadge status={n.status} />
                  </div>
                ))}
              </Td>
              {canManage && <Td>{a.status !== 'resolved' && <AlertActions id={a.id} status={a.status} />}</Td>}
            </tr>
          );
        })}
      </Table>
      <Pager basePath="/alerts" params={{ status, after }} next={page.next} />
    </>
  );
}

type AlertRow = Awaited<ReturnType<typeof listAlerts>>['items'][number];

/**
 * Title, the figures of the last evaluation in which the condition held, and — once resolved — who resolved it
 * and why: a resolved alert's figures alone ("13.3 %" against 10 %) would read as a failure still going on.
 */
function AlertText({ alert: a }: { alert: AlertRow }) {
  const summary = (a.detail as { summary?: unknown } | null)?.summary;
  const resolved = a.status === 'resolved';
  return (
    <>
      {a.title}
      {typeof summary === 'string' && (
        <div className="text-xs text-slate-500">{resolved ? `When it last held: ${summary}` : summary}</div>
      )}
      {resolved && (
        <div className="text-xs text-emerald-800" data-testid="alert-resolution">
          {a.resolvedBy
            ? `Resolved by ${a.resolvedBy}`
            : a.resolution
              ? `Resolved automatically, ${a.resolution}`
              : 'Resolved (who and why were not recorded before this console kept them)'}
          {' · '}
          <RelativeTime at={a.resolvedAt} />
        </div>
      )}
    </>
  );
}

/** Which channels the worker notifies (names and masked targets only) and what it sent last. */

import type { Metadata } from 'next';
import { Suspense } from 'react';
import { ChangeDiff } from '@/components/ui/change-diff';
import { ExportLink } from '@/components/ui/export-link';
import { FilterForm } from '@/components/ui/filter-form';
import { IgnoredFilters } from '@/components/ui/ignored-filters';
import { PageHeader } from '@/components/ui/page-header';
import { Pager } from '@/components/ui/pager';
import { Table, Td } from '@/components/ui/table';
import { TableSkeleton } from '@/components/ui/table-skeleton';
import { LiveList } from '@/components/live/live-list';
import { listAuditLog } from '@/db/queries/audit';
import { requirePermission } from '@/lib/auth/guard';
import { RelativeTime } from '@/components/ui/relative-time';
import Link from 'next/link';
import { decodeCursor } from '@/lib/pagination';
import { auditActions } from '@/db/schema/enums';
import { auditFilters } from '@/lib/lists/filters';
import { parseFilters, single, type FilterValues, type SearchParams } from '@/lib/search-params';

export const metadata: Metadata = { title: 'Audit' };

type AuditFilter = FilterValues<typeof auditFilters>;
const head = ['When', 'Actor', 'Action', 'Target', 'Change'];

export default async function AuditPage({ searchParams }: { searchParams: SearchParams }) {
  await requirePermission('audit:view');
  const params = await searchParams;
  const { values: filter, ignored } = parseFilters(params, auditFilters);
  return (
    <>
      <PageHeader title="Audit" description="Every human action: who, when, on what, before and after.">
        <ExportLink view="audit" params={filter} />
      </PageHeader>
      <IgnoredFilters ignored={ignored} />
      <FilterForm
        action="/audit"
        fields={[
          { name: 'actor', label: 'Actor e-mail', value: filter.actor, placeholder: 'finance@example.test' },
          { name: 'action', label: 'Action', value: filter.action, options: auditActions },
          { name: 'targetType', label: 'Target type', value: filter.targetType, placeholder: 'document' },
          { name: 'targetId', label: 'Target ID', value: filter.targetId },
        ]}
      />
      <Suspense
        key={JSON.stringify({ ...filter, after: single(params.after) })}
        fallback={<TableSkeleton head={head} />}
      >
        <AuditRows filter={filter} after={single(params.after)} top={params.after ? undefined : single(params.top)} />
      </Suspense>
    </>
  );
}

/** `top` (set by the live list) holds the first page at a row: not a filter, nor part of the Suspense key. */
async function AuditRows({ filter, after, top }: { filter: AuditFilter; after?: string; top?: string }) {
  const page = await listAuditLog({ ...filter, cursor: decodeCursor(after), top: decodeCursor(top) });
  return (
    <>
      <LiveList
        list="audit"
        topic="audit"
        first={page.first}
        ids={page.items.map((a) => String(a.id))}
        deep={Boolean(after)}
      />
      <Table head={head} empty={page.items.length === 0}>
        {page.items.map((a) => (
          <tr key={a.id}>
            <Td>
              <RelativeTime at={a.createdAt} />
            </Td>
            <Td>{a.actorEmail}</Td>
            <Td mono>{a.action}</Td>
            <Td mono>
              <AuditTarget type={a.targetType} id={a.targetId} />
            </Td>
            <Td className="max-w-md">
              <ChangeDiff before={a.before} after={a.after} />
            </Td>
          </tr>
        ))}
      </Table>
      <Pager basePath="/audit" params={{ ...filter, after }} next={page.next} />
    </>
  );
}

const targetPages: Record<string, string> = {
  document: '/documents/',
  transaction: '/transactions/',
  webhook_delivery: '/webhooks/',
};

/** A short, linked target: the full ID is in the title and the link, so the Change column keeps its room on a laptop. */
function AuditTarget({ type, id }: { type: string; id: string }) {
  const short = id.length > 13 ? `${id.slice(0, 8)}…` : id;
  const base = targetPages[type];
  return (
    <span title={`${type}:${id}`}>
      <span className="text-slate-500">{type} </span>
      {base ? (
        <Link href={`${base}${id}`} className="text-blue-700 underline">
          {short}
        </Link>
      ) : (
        short
      )}
    </span>
  );
}

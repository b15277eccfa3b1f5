import type { Metadata } from 'next';
import { PageHeader } from '@/components/ui/page-header';
import { RelativeTime } from '@/components/ui/relative-time';
import { StatusBadge } from '@/components/ui/status-badge';
import { Table, Td } from '@/components/ui/table';
import { getDashboardCounts } from '@/db/queries/dashboard';
import { listRecentAlerts } from '@/db/queries/settings';
import { requirePermission } from '@/lib/auth/guard';

export const metadata: Metadata = { title: 'Go-live' };

export default async function GoLivePage() {
  await requirePermission('dashboard:view');
  const [counts, alerts] = await Promise.all([getDashboardCounts(), listRecentAlerts()]);
  const kpis = [
    { label: 'Documents', value: counts.documents },
    { label: 'Awaiting review', value: counts.in_review },
    { label: 'Delivered (24 h)', value: counts.delivered_24h },
    { label: 'In flight', value: counts.in_flight },
    { label: 'Failed sends', value: counts.failed },
    { label: 'Dead-letter', value: counts.dead_letter },
    { label: 'Webhooks (24 h)', value: counts.webhooks_24h },
    { label: 'Rejected webhooks (24 h)', value: counts.webhooks_rejected_24h },
  ];
  return (
    <>
      <PageHeader title="Go-live" description="Volumes, failures and webhook health at a glance." />
      <dl className="mb-6 grid grid-cols-2 gap-3 md:grid-cols-4">
        {kpis.map((k) => (
          <div key={k.label} className="rounded-lg border border-slate-200 bg-white p-4">
            <dt className="text-xs uppercase tracking-wide text-slate-500">{k.label}</dt>
            <dd className="mt-1 text-2xl font-semibold tabular-nums">{k.value.toLocaleString('en-GB')}</dd>
          </div>
        ))}
      </dl>
      <h2 className="mb-2 font-semibold">Alerts ({counts.open_alerts} open)</h2>
      <Table head={['Status', 'Severity', 'Rule', 'Alert', 'Last seen']} empty={alerts.length === 0}>
        {alerts.map((a) => (
          <tr key={a.id}>
            <Td>
              <StatusBadge status={a.status} />
            </Td>
            <Td>
              <StatusBadge status={a.severity} />
            </Td>
            <Td mono>{a.rule}</Td>
            <Td>{a.title}</Td>
            <Td><RelativeTime at={a.lastSeenAt} /></Td>
          </tr>
        ))}
      </Table>
    </>
  );
}

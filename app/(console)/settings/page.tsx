import type { Metadata } from 'next';
import { PageHeader } from '@/components/ui/page-header';
import { Table, Td } from '@/components/ui/table';
import { listSettings } from '@/db/queries/settings';
import { requirePermission } from '@/lib/auth/guard';
import { formatDateTime } from '@/lib/format';
import { providerStatus } from '@/lib/provider-config';

export const metadata: Metadata = { title: 'Settings' };

export default async function SettingsPage() {
  await requirePermission('settings:view');
  const rows = await listSettings();
  return (
    <>
      <PageHeader title="Settings" description="Provider mode and credentials (masked), pending windows, alert thresholds, retention." />
      <div className="mb-6 grid gap-4 md:grid-cols-2">
        {providerStatus().map((p) => (
          <section key={p.provider} className="rounded-lg border border-slate-200 bg-white p-4">
            <h2 className="font-semibold">
              {p.provider} <span className="ml-1 rounded bg-slate-100 px-1.5 text-xs uppercase">{p.mode}</span>
            </h2>
            <p className="text-xs text-slate-500">{p.baseUrl}</p>
            <dl className="mt-2 space-y-1 text-xs">
              {p.credentials.map((c) => (
                <div key={c.name} className="flex justify-between gap-2">
                  <dt className="font-mono">{c.name}</dt>
                  <dd className="font-mono">{c.value}</dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
      </div>
      <Table head={['Setting', 'Value', 'Updated']} empty={rows.length === 0}>
        {rows.map((s) => (
          <tr key={s.key}>
            <Td mono>{s.key}</Td>
            <Td mono className="break-all">{JSON.stringify(s.value)}</Td>
            <Td>{formatDateTime(s.updatedAt)}</Td>
          </tr>
        ))}
      </Table>
    </>
  );
}

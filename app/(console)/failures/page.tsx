import type { Metadata } from 'next';
import Link from 'next/link';
import { PageHeader } from '@/components/ui/page-header';
import { StatusBadge } from '@/components/ui/status-badge';
import { Table, Td } from '@/components/ui/table';
import { listFailedTransactions } from '@/db/queries/transactions';
import { requirePermission } from '@/lib/auth/guard';
import { formatAge } from '@/lib/format';

export const metadata: Metadata = { title: 'Failures' };

type Detail = { rule?: string; location?: string; message?: string };

export default async function FailuresPage() {
  await requirePermission('failures:view');
  const rows = await listFailedTransactions();
  return (
    <>
      <PageHeader title="Failures" description="Failed sends, oldest first, with the provider's own error: code, rule, location and request ID." />
      <Table head={['GoRoute ID', 'Invoice', 'Category', 'Error', 'Rule / location', 'Request ID', 'Attempts', 'Failed']} empty={rows.length === 0}>
        {rows.map((t) => {
          const details = Array.isArray(t.lastErrorDetails) ? (t.lastErrorDetails as Detail[]) : [];
          return (
            <tr key={t.id}>
              <Td mono>
                <Link href={t.documentId ? `/documents/${t.documentId}` : `/transactions/${t.id}`} className="text-blue-700 underline">
                  {t.gorouteTransactionId ?? 'not accepted'}
                </Link>
              </Td>
              <Td>{t.invoiceNumber ?? '—'}</Td>
              <Td>
                <StatusBadge status={t.lastErrorCategory} />
                <div className="text-xs text-slate-500">{t.deadLetteredAt ? 'dead-letter' : t.lastErrorRetryable ? 'retryable' : 'permanent'}</div>
              </Td>
              <Td>
                <span className="font-mono text-xs">{t.lastErrorCode}</span>
                <div>{t.lastErrorMessage}</div>
              </Td>
              <Td>
                {details.map((d, i) => (
                  <div key={i} className="text-xs">
                    <span className="font-mono">{d.rule}</span> <span className="text-slate-500">{d.location}</span>
                  </div>
                ))}
              </Td>
              <Td mono>{t.lastRequestId ?? '—'}</Td>
              <Td className="tabular-nums">{t.attempts}</Td>
              <Td>{formatAge(t.statusChangedAt)}</Td>
            </tr>
          );
        })}
      </Table>
    </>
  );
}

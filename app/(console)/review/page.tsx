import type { Metadata } from 'next';
import { PageHeader } from '@/components/ui/page-header';
import { Table, Td } from '@/components/ui/table';
import { listReviewQueue } from '@/db/queries/review';
import { requirePermission } from '@/lib/auth/guard';
import { formatAge, formatMoney } from '@/lib/format';

export const metadata: Metadata = { title: 'Review' };

export default async function ReviewPage() {
  await requirePermission('review:view');
  const rows = await listReviewQueue();
  return (
    <>
      <PageHeader title="Review" description="Documents whose money, tax or vendor-identity fields need a person, oldest first." />
      <Table head={['Source ID', 'Vendor', 'Invoice', 'Amount', 'Why flagged', 'Held by', 'Waiting']} empty={rows.length === 0}>
        {rows.map((d) => (
          <tr key={d.id}>
            <Td mono>{d.sourceId}</Td>
            <Td>{d.vendorName ?? d.senderName ?? '—'}</Td>
            <Td>{d.invoiceNumber ?? '—'}</Td>
            <Td className="text-right tabular-nums">{formatMoney(d.grossAmount, d.currency)}</Td>
            <Td>
              <ul className="list-disc pl-4 text-xs">
                {d.flagged.map((f) => (
                  <li key={f}>{f}</li>
                ))}
              </ul>
            </Td>
            <Td>{d.claimedBy && d.claimExpiresAt && d.claimExpiresAt > new Date() ? d.claimedBy : '—'}</Td>
            <Td>{formatAge(d.createdAt)}</Td>
          </tr>
        ))}
      </Table>
    </>
  );
}

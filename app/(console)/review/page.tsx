import type { Metadata } from 'next';
import Link from 'next/link';
import { PageHeader } from '@/components/ui/page-header';
import { RelativeTime } from '@/components/ui/relative-time';
import { Table, Td } from '@/components/ui/table';
import { LiveRefresh } from '@/components/live/live-refresh';
import { listReviewQueue } from '@/db/queries/review';
import { requirePermission } from '@/lib/auth/guard';
import { formatMoney } from '@/lib/format';
import { PAGE_SIZE } from '@/lib/pagination';

export const metadata: Metadata = { title: 'Review' };

export default async function ReviewPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requirePermission('review:view');
  const [rows, params] = await Promise.all([listReviewQueue(), searchParams]);
  return (
    <>
      <PageHeader
        title="Review"
        description="Documents whose money, tax or vendor-identity fields need a person, oldest first."
      >
        {rows.length > 0 && (
          <Link href="/review/next" className="rounded bg-slate-900 px-3 py-2 font-medium text-white">
            Start reviewing (oldest first)
          </Link>
        )}
      </PageHeader>
      {/* Oldest first: a newcomer joins at the end, so nothing moves under the reader. While the queue fits on the
          page any document change may be one (refresh, at most every 2 s); once it does not, only changes of the
          documents shown (approved, claimed) refresh it. */}
      <LiveRefresh
        topics={['documents']}
        ids={rows.length < PAGE_SIZE ? undefined : rows.map((d) => d.id)}
        throttleMs={2_000}
      />
      {params.cleared && (
        <p role="status" className="mb-3 rounded bg-emerald-50 px-3 py-2 text-emerald-800">
          Nothing else is waiting for you.
        </p>
      )}
      <Table
        head={['Source ID', 'Vendor', 'Invoice', 'Amount', 'Why flagged', 'Held by', 'Waiting']}
        empty={rows.length === 0}
      >
        {rows.map((d) => (
          <tr key={d.id}>
            <Td mono>
              <Link href={`/review/${d.id}`} className="text-blue-700 underline">
                {d.sourceId}
              </Link>
            </Td>
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
            <Td>
              <RelativeTime at={d.createdAt} />
            </Td>
          </tr>
        ))}
      </Table>
    </>
  );
}

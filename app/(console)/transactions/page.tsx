import type { Metadata } from 'next';
import Link from 'next/link';
import { FilterLinks } from '@/components/ui/filter-links';
import { ExportLink } from '@/components/ui/export-link';
import { PageHeader } from '@/components/ui/page-header';
import { RelativeTime } from '@/components/ui/relative-time';
import { Pager } from '@/components/ui/pager';
import { StatusBadge } from '@/components/ui/status-badge';
import { Table, Td } from '@/components/ui/table';
import { listTransactions } from '@/db/queries/transactions';
import { directions, transactionStatuses } from '@/db/schema/enums';
import { requirePermission } from '@/lib/auth/guard';
import { can } from '@/lib/auth/permissions';
import { formatMoney } from '@/lib/format';
import { decodeCursor } from '@/lib/pagination';
import { pickEnum, single, type SearchParams } from '@/lib/search-params';

export const metadata: Metadata = { title: 'Transactions' };

export default async function TransactionsPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requirePermission('transactions:view');
  const params = await searchParams;
  const status = pickEnum(params.status, transactionStatuses);
  const direction = pickEnum(params.direction, directions);
  const page = await listTransactions({ status, direction, cursor: decodeCursor(params.after) });
  return (
    <>
      <PageHeader title="Transactions" description="Peppol sends and receives through GoRoute, newest first.">
        <div className="flex gap-2">
          {can(user.role, 'participants:lookup') && (
            <Link href="/transactions/lookup" className="rounded border border-slate-300 bg-white px-3 py-1.5 text-sm">
              Participant lookup
            </Link>
          )}
          <ExportLink view="transactions" params={{ status, direction }} />
        </div>
      </PageHeader>
      <FilterLinks basePath="/transactions" name="status" values={transactionStatuses} current={status} />
      <FilterLinks basePath="/transactions" name="direction" values={directions} current={direction} />
      <Table head={['GoRoute ID', 'Direction', 'Invoice', 'Sender', 'Receiver', 'Amount', 'Status', 'Attempts', 'Age']} empty={page.items.length === 0}>
        {page.items.map((t) => (
          <tr key={t.id}>
            <Td mono>
              <Link href={t.direction === 'outbound' && t.documentId ? `/documents/${t.documentId}` : `/transactions/${t.id}`} className="text-blue-700 underline">
                {t.gorouteTransactionId ?? 'not yet sent'}
              </Link>
            </Td>
            <Td>{t.direction}</Td>
            <Td>{t.invoiceNumber ?? '—'}</Td>
            <Td>
              {t.senderName}
              <div className="font-mono text-xs text-slate-500">{t.senderIdentifier}</div>
            </Td>
            <Td>
              {t.receiverName}
              <div className="font-mono text-xs text-slate-500">{t.receiverIdentifier}</div>
            </Td>
            <Td className="text-right tabular-nums">{formatMoney(t.totalAmount, t.currency)}</Td>
            <Td>
              <StatusBadge status={t.status} />
            </Td>
            <Td className="tabular-nums">{t.attempts}</Td>
            <Td><RelativeTime at={t.createdAt} /></Td>
          </tr>
        ))}
      </Table>
      <Pager basePath="/transactions" params={{ status, direction, after: single(params.after) }} next={page.next} />
    </>
  );
}

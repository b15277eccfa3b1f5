import type { Metadata } from 'next';
import { Suspense } from 'react';
import Link from 'next/link';
import { FilterForm } from '@/components/ui/filter-form';
import { IgnoredFilters } from '@/components/ui/ignored-filters';
import { ExportLink } from '@/components/ui/export-link';
import { PageHeader } from '@/components/ui/page-header';
import { RelativeTime } from '@/components/ui/relative-time';
import { Pager } from '@/components/ui/pager';
import { StatusBadge } from '@/components/ui/status-badge';
import { Table, Td } from '@/components/ui/table';
import { TableSkeleton } from '@/components/ui/table-skeleton';
import { LiveList } from '@/components/live/live-list';
import { listTransactions } from '@/db/queries/transactions';
import { directions, transactionStatuses } from '@/db/schema/enums';
import { requirePermission } from '@/lib/auth/guard';
import { transactionFilters, transactionQuery } from '@/lib/lists/filters';
import { can } from '@/lib/rules/permissions';
import { formatMoney } from '@/lib/format';
import { decodeCursor } from '@/lib/pagination';
import { parseFilters, single, type FilterValues, type SearchParams } from '@/lib/search-params';

export const metadata: Metadata = { title: 'Transactions' };

const head = ['GoRoute ID', 'Direction', 'Invoice', 'Sender', 'Receiver', 'Amount', 'Status', 'Attempts', 'Age'];

export default async function TransactionsPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requirePermission('transactions:view');
  const params = await searchParams;
  const { values: filters, ignored } = parseFilters(params, transactionFilters);
  const { status, direction, participant, country, documentType, from, to } = filters;
  return (
    <>
      <PageHeader title="Transactions" description="Peppol sends and receives through GoRoute, newest first.">
        <div className="flex gap-2">
          {can(user.role, 'participants:lookup') && (
            <Link href="/transactions/lookup" className="rounded border border-slate-300 bg-white px-3 py-1.5 text-sm">
              Participant lookup
            </Link>
          )}
          <ExportLink view="transactions" params={filters} />
        </div>
      </PageHeader>
      <IgnoredFilters ignored={ignored} />
      <FilterForm
        action="/transactions"
        fields={[
          { name: 'status', label: 'Status', value: status, options: transactionStatuses },
          { name: 'direction', label: 'Direction', value: direction, options: directions },
          { name: 'participant', label: 'Sender or receiver', value: participant, placeholder: '0208:0123456749' },
          { name: 'country', label: 'Receiver country', value: country, placeholder: 'BE' },
          { name: 'documentType', label: 'Document type', value: documentType, placeholder: 'invoice' },
          { name: 'from', label: 'Created from', value: from, type: 'date' },
          { name: 'to', label: 'to', value: to, type: 'date' },
        ]}
      />
      <Suspense
        key={JSON.stringify({ ...filters, after: single(params.after) })}
        fallback={<TableSkeleton head={head} />}
      >
        <TransactionRows
          filters={filters}
          after={single(params.after)}
          top={params.after ? undefined : single(params.top)}
        />
      </Suspense>
    </>
  );
}

type TxFilters = FilterValues<typeof transactionFilters>;

/** `top` (set by the live list) holds the first page at a row: not a filter, nor part of the Suspense key. */
async function TransactionRows({ filters, after, top }: { filters: TxFilters; after?: string; top?: string }) {
  const page = await listTransactions({
    ...transactionQuery(filters),
    cursor: decodeCursor(after),
    top: decodeCursor(top),
  });
  return (
    <>
      <LiveList
        list="transactions"
        topic="transactions"
        first={page.first}
        ids={page.items.map((t) => t.id)}
        deep={Boolean(after)}
      />
      <Table head={head} empty={page.items.length === 0}>
        {page.items.map((t) => (
          <tr key={t.id}>
            <Td mono>
              <Link
                href={
                  t.direction === 'outbound' && t.documentId ? `/documents/${t.documentId}` : `/transactions/${t.id}`
                }
                className="text-blue-700 underline"
              >
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
            <Td>
              <RelativeTime at={t.createdAt} />
            </Td>
          </tr>
        ))}
      </Table>
      <Pager basePath="/transactions" params={{ ...filters, after }} next={page.next} />
    </>
  );
}

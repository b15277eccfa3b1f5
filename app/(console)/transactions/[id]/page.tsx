import type { Metadata } from 'next';
import Link from 'next/link';
import { isFailedSend } from '@/lib/rules/sends';
import { notFound } from 'next/navigation';
import { LiveRefresh } from '@/components/live/live-refresh';
import { Timeline } from '@/components/timeline';
import { IdList } from '@/components/ui/id-list';
import { PageHeader } from '@/components/ui/page-header';
import { StatusBadge } from '@/components/ui/status-badge';
import { getTransactionDetail } from '@/db/queries/item-detail';
import { requirePermission } from '@/lib/auth/guard';
import { formatMoney } from '@/lib/format';

export const metadata: Metadata = { title: 'Transaction' };

export default async function TransactionPage({ params }: { params: Promise<{ id: string }> }) {
  await requirePermission('transactions:view');
  const { id } = await params;
  if (!/^[0-9a-f-]{36}$/i.test(id)) notFound();
  const data = await getTransactionDetail(id);
  if (!data) notFound();
  const { txn } = data;
  return (
    <>
      <PageHeader
        title={`${txn.direction === 'inbound' ? 'Inbound' : 'Outbound'} ${txn.invoiceNumber ?? txn.gorouteTransactionId ?? ''}`}
        description={`${txn.senderName ?? txn.senderIdentifier ?? '?'} → ${txn.receiverName ?? txn.receiverIdentifier ?? '?'} · ${formatMoney(txn.totalAmount, txn.currency)}`}
      >
        <StatusBadge status={txn.status} />
      </PageHeader>
      <LiveRefresh topics={['transactions', 'webhooks']} ids={[txn.id]} />
      {txn.documentId && (
        <p className="mb-3">
          <Link href={`/documents/${txn.documentId}`} className="text-blue-700 underline">
            Open the document
          </Link>
        </p>
      )}
      {/* The current problem only: once the send is on its way again or delivered, past errors live on the timeline. */}
      {isFailedSend(txn) && txn.lastErrorCode && (
        <p className="mb-4 rounded border border-red-200 bg-red-50 p-3 text-red-900">
          <span className="font-mono">{txn.lastErrorCode}</span> {txn.lastErrorMessage}{' '}
          {txn.deadLetteredAt ? '(dead-letter)' : txn.lastErrorRetryable ? '(will retry)' : ''}
        </p>
      )}
      <section className="mb-6 rounded-lg border border-slate-200 bg-white p-4">
        <IdList
          ids={[
            ['GoRoute transaction ID', txn.gorouteTransactionId],
            ['Send idempotency key', txn.sendIdempotencyKey],
            ['Last request ID', txn.lastRequestId],
            ['Peppol message ID', txn.messageId],
            ['Sender', txn.senderIdentifier],
            ['Receiver', txn.receiverIdentifier],
          ]}
        />
      </section>
      <section className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 className="mb-3 font-semibold">Timeline</h2>
        <Timeline
          entries={data.timeline.map(({ event, actor, repeats, lastAt }) => ({ ...event, actor, repeats, lastAt }))}
        />
      </section>
    </>
  );
}

import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { LiveRefresh } from '@/components/live/live-refresh';
import { IdList } from '@/components/ui/id-list';
import { PageHeader } from '@/components/ui/page-header';
import { StatusBadge } from '@/components/ui/status-badge';
import { getWebhookDelivery } from '@/db/queries/item-detail';
import { requirePermission } from '@/lib/auth/guard';
import { can } from '@/lib/rules/permissions';
import { ProcessingLatency } from '../_components/processing-latency';
import { ReprocessButton } from './_components/reprocess-button';
import { formatBytes, formatDateTime } from '@/lib/format';
import { OVERSIZED_REASON } from '@/lib/webhooks/ingest';
import { shownHeaders, signatureLabels } from '@/lib/webhooks/signature-display';

export const metadata: Metadata = { title: 'Webhook delivery' };

/** The body as received, pretty-printed when it is JSON; always rendered as text, never as HTML. */
function pretty(body: string | null, refusedUnread: boolean) {
  if (body == null)
    return refusedUnread ? '(not stored: the request was refused unread, larger than 1 MiB)' : '(purged by retention)';
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

export default async function WebhookDeliveryPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePermission('webhooks:view');
  const { id } = await params;
  if (!/^[0-9a-f-]{36}$/i.test(id)) notFound();
  const d = await getWebhookDelivery(id);
  if (!d) notFound();
  return (
    <>
      <PageHeader
        title={`${d.provider} ${d.eventType ?? 'webhook'}`}
        description={`Received ${formatDateTime(d.receivedAt)}`}
      >
        <div className="flex gap-2">
          <StatusBadge status={d.signatureResult} label={signatureLabels[d.signatureResult]} />
          <StatusBadge status={d.processingResult} />
        </div>
      </PageHeader>
      <LiveRefresh topics={['webhooks']} ids={[d.id]} />
      {can(user.role, 'webhooks:reprocess') &&
        ['valid', 'valid_previous_secret'].includes(d.signatureResult) &&
        ['failed', 'unmatched', 'ignored'].includes(d.processingResult) && (
          <div className="mb-4">
            <ReprocessButton id={d.id} />
          </div>
        )}
      {d.processingError && (
        <p className="mb-4 rounded border border-amber-300 bg-amber-50 px-3 py-2">{d.processingError}</p>
      )}
      <section className="mb-4 rounded-lg border border-slate-200 bg-white p-4">
        <IdList
          ids={[
            ['Delivery / event ID', d.deliveryId],
            ['Effect key', d.effectKey],
          ]}
        />
        <p className="mt-2 text-xs text-slate-500">
          Timestamp skew {d.timestampSkewSeconds ?? '—'} s · duplicates {d.duplicateCount} · processing{' '}
          <ProcessingLatency ms={d.processingLatencyMs} reprocessRequestedAt={d.reprocessRequestedAt} />
          {d.reprocessRequestedAt && <> (reprocess asked {formatDateTime(d.reprocessRequestedAt)})</>}
          {d.documentId && (
            <>
              {' '}
              ·{' '}
              <Link href={`/documents/${d.documentId}`} className="text-blue-700 underline">
                document
              </Link>
            </>
          )}
          {d.transactionId && (
            <>
              {' '}
              ·{' '}
              <Link href={`/transactions/${d.transactionId}`} className="text-blue-700 underline">
                transaction
              </Link>
            </>
          )}
        </p>
      </section>
      <div className="grid gap-4 xl:grid-cols-2">
        <section className="rounded-lg border border-slate-200 bg-white p-4">
          <h2 className="mb-2 font-semibold">Headers</h2>
          <pre tabIndex={0} className="max-h-96 overflow-auto rounded bg-slate-50 p-2 text-xs">
            {JSON.stringify(shownHeaders(d.headers, d.provider, d.signatureResult), null, 2)}
          </pre>
        </section>
        <section className="rounded-lg border border-slate-200 bg-white p-4">
          <h2 className="mb-2 font-semibold">Body</h2>
          {d.bodySha256 && d.body !== null && (
            <p className="mb-2 text-xs text-slate-600">
              Unverified request: only the first {formatBytes(Buffer.byteLength(d.body ?? ''))} of{' '}
              {formatBytes(d.bodyBytes ?? 0)} are kept. SHA-256 of the whole body:{' '}
              <code className="break-all">{d.bodySha256}</code>
            </p>
          )}
          <pre
            tabIndex={0}
            className="max-h-96 overflow-auto whitespace-pre-wrap break-all rounded bg-slate-50 p-2 text-xs"
          >
            {pretty(d.body, d.processingError === OVERSIZED_REASON)}
          </pre>
        </section>
      </div>
    </>
  );
}

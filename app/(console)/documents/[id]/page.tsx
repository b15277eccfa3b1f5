import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { Timeline } from '@/components/timeline';
import { IdList } from '@/components/ui/id-list';
import { PageHeader } from '@/components/ui/page-header';
import { StatusBadge } from '@/components/ui/status-badge';
import { Table, Td } from '@/components/ui/table';
import { getDocumentDetail } from '@/db/queries/document-detail';
import { requirePermission } from '@/lib/auth/guard';
import { can } from '@/lib/auth/permissions';
import { fixableFields } from '@/lib/operations/fix-and-resend';
import { DocumentActions } from './_components/document-actions';
import { FixForm } from './_components/fix-form';
import { formatDateTime, formatMoney } from '@/lib/format';
import { MAX_ATTEMPTS } from '@/lib/jobs/backoff';

export const metadata: Metadata = { title: 'Document' };

type Detail = { rule?: string; location?: string; message?: string; field?: string };

export default async function DocumentPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePermission('documents:view');
  const { id } = await params;
  if (!/^[0-9a-f-]{36}$/i.test(id)) notFound();
  const data = await getDocumentDetail(id);
  if (!data) notFound();
  const { doc, sends, fields } = data;
  const send = sends.at(-1);
  const details = (send?.lastErrorDetails ?? doc.lastErrorDetails) as Detail[] | null;
  const retryableSend = send?.status === 'failed' && (send.lastErrorRetryable || ['server', 'network', 'rate_limit', 'auth', 'not_found'].includes(send.lastErrorCategory ?? ''));
  const actions = {
    retrySend: retryableSend && doc.pipelineState !== 'blocked' && can(user.role, 'transactions:retry') ? send.id : undefined,
    retryUpload: can(user.role, 'documents:retry') && (doc.pipelineState === 'extraction_failed' || (doc.pipelineState === 'blocked' && doc.lastErrorCode === 'insufficient_credits')),
    block: can(user.role, 'documents:block') && doc.pipelineState !== 'blocked' && doc.pipelineState !== 'delivered',
    unblock: can(user.role, 'documents:block') && doc.pipelineState === 'blocked',
  };
  return (
    <>
      <PageHeader title={doc.invoiceNumber ?? doc.filename} description={`${data.vendorName ?? doc.senderName ?? 'Unknown vendor'} · ${formatMoney(doc.grossAmount, doc.currency)}`}>
        <div className="flex items-center gap-2">
          <StatusBadge status={doc.pipelineState} />
          {doc.pipelineState === 'in_review' && <Link href={`/review/${doc.id}`} className="text-blue-700 underline">Open in review</Link>}
        </div>
      </PageHeader>
      <DocumentActions documentId={doc.id} actions={actions} />
      {can(user.role, 'documents:fix') && (doc.pipelineState === 'send_failed' || doc.pipelineState === 'dead_letter') && (
        <FixForm documentId={doc.id} fields={fixableFields.map((name) => { const f = fields.find((x) => x.name === name); return { name, value: f?.approvedValue ?? f?.value ?? '' }; })} />
      )}
      {doc.pipelineState === 'blocked' && (
        <p role="note" className="mb-4 rounded border border-amber-300 bg-amber-50 px-3 py-2 text-amber-900">
          Blocked{data.blockedByName ? ` by ${data.blockedByName}` : ''}: {doc.blockedReason ?? 'no reason given'}
        </p>
      )}
      {(doc.lastErrorCode || send?.lastErrorCode) && (
        <section aria-label="Last error" className="mb-4 rounded border border-red-200 bg-red-50 p-3 text-red-900">
          <p className="font-medium">
            <span className="font-mono">{send?.lastErrorCode ?? doc.lastErrorCode}</span> {send?.lastErrorMessage ?? doc.lastErrorMessage}
          </p>
          {Array.isArray(details) && (
            <ul className="mt-1 list-disc pl-5 text-sm">
              {details.map((d, i) => (
                <li key={i}><span className="font-mono">{d.rule ?? d.field}</span> {d.location && <span className="font-mono text-xs">{d.location}</span>} {d.message}</li>
              ))}
            </ul>
          )}
          {send?.status === 'failed' && send.nextAttemptAt && doc.pipelineState !== 'blocked' && (
            <p className="mt-1 text-sm" data-testid="next-retry">
              Next automatic retry at {formatDateTime(send.nextAttemptAt)} (attempt {send.attempts + 1} of {MAX_ATTEMPTS}), same idempotency key.
            </p>
          )}
          {send?.status === 'failed' && send.lastErrorRetryable && doc.pipelineState === 'blocked' && (
            <p className="mt-1 text-sm" data-testid="retry-held">Automatic retries are held while the document is blocked.</p>
          )}
        </section>
      )}
      <div className="grid gap-6 xl:grid-cols-2">
        <section aria-label="Identifiers" className="rounded-lg border border-slate-200 bg-white p-4">
          <h2 className="mb-2 font-semibold">Identifiers</h2>
          <IdList
            ids={[
              ['Local source ID', doc.sourceId],
              ['exdata document ID', doc.exdataDocumentId],
              ['Upload idempotency key', doc.uploadIdempotencyKey],
              ['GoRoute transaction ID', send?.gorouteTransactionId],
              ['Send idempotency key', send?.sendIdempotencyKey],
              ['Peppol message ID', send?.messageId],
              ...data.requestIds.slice(0, 8).map((r, i) => [`Request ID ${i + 1}`, r] as [string, string]),
            ]}
          />
          <p className="mt-3 text-xs text-slate-500">Received {formatDateTime(doc.createdAt)} · exdata status {doc.exdataStatus ?? '—'} · file {doc.filename} ({doc.fileSize.toLocaleString('en-GB')} bytes)</p>
        </section>
        <section aria-label="Extracted fields" className="rounded-lg border border-slate-200 bg-white p-4">
          <h2 className="mb-2 font-semibold">Extracted fields</h2>
          <Table head={['Field', 'Value', 'Candidates', 'Review']} empty={fields.length === 0}>
            {fields.map((f) => (
              <tr key={f.id}>
                <Td mono>{f.name}</Td>
                <Td mono className="break-all">{f.approvedValue ?? f.value ?? (f.valueJson ? JSON.stringify(f.valueJson) : '—')}</Td>
                <Td mono className="break-all">{f.candidates?.join(' · ') ?? '—'}</Td>
                <Td><StatusBadge status={f.reviewState} /></Td>
              </tr>
            ))}
          </Table>
        </section>
      </div>
      <section aria-label="Timeline" className="mt-6 rounded-lg border border-slate-200 bg-white p-4">
        <h2 className="mb-3 font-semibold">Timeline</h2>
        <Timeline entries={data.timeline.map(({ event, actor }) => ({ ...event, actor }))} />
      </section>
      {send?.ublXml && (
        <details className="mt-6 rounded-lg border border-slate-200 bg-white p-4">
          <summary className="cursor-pointer font-semibold">UBL invoice sent to GoRoute</summary>
          <pre className="mt-2 max-h-[32rem] overflow-auto rounded bg-slate-50 p-2 text-xs">{send.ublXml}</pre>
        </details>
      )}
    </>
  );
}

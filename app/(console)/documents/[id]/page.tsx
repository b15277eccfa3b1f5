import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { LiveRefresh } from '@/components/live/live-refresh';
import { Timeline } from '@/components/timeline';
import { IdList } from '@/components/ui/id-list';
import { PageHeader } from '@/components/ui/page-header';
import { StatusBadge } from '@/components/ui/status-badge';
import { Table, Td } from '@/components/ui/table';
import { getDocumentDetail } from '@/db/queries/document-detail';
import { requirePermission } from '@/lib/auth/guard';
import { can } from '@/lib/rules/permissions';
import { blockerOf, unblockRefusal } from '@/lib/rules/unblock';
import { fixableFields } from '@/lib/operations/fix-fields';
import { currentProblem } from '@/lib/rules/current-problem';
import { documentActions } from '@/lib/rules/document-actions';
import { DocumentActions } from './_components/document-actions';
import { FixForm } from './_components/fix-form';
import { WaitingNote } from './_components/waiting-note';
import { ProblemBanner } from './_components/problem-banner';
import { formatDateTime, formatMoney } from '@/lib/format';

export const metadata: Metadata = { title: 'Document' };

export default async function DocumentPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePermission('documents:view');
  const { id } = await params;
  if (!/^[0-9a-f-]{36}$/i.test(id)) notFound();
  const data = await getDocumentDetail(id);
  if (!data) notFound();
  const { doc, sends, fields } = data;
  // The latest send is the current one; a fix and resend leaves the failed one before it on record.
  const send = sends.at(-1) ?? null;
  const blocker =
    doc.pipelineState === 'blocked' ? blockerOf({ blockedBy: doc.blockedBy, blockedByRole: data.blockedByRole }) : null;
  const actions = documentActions(user.role, doc, blocker, send);
  const problem = currentProblem(doc, send);
  return (
    <>
      <PageHeader
        title={doc.invoiceNumber ?? doc.filename}
        description={`${data.vendorName ?? doc.senderName ?? 'Unknown vendor'} · ${formatMoney(doc.grossAmount, doc.currency)}`}
      >
        <div className="flex items-center gap-2">
          <StatusBadge status={doc.pipelineState} />
          {doc.pipelineState === 'in_review' && (
            <Link href={`/review/${doc.id}`} className="text-blue-700 underline">
              Open in review
            </Link>
          )}
        </div>
      </PageHeader>
      {/* Its state, sends, deliveries and timeline: refreshed as they change (webhooks, the worker, people). */}
      <LiveRefresh topics={['documents', 'transactions', 'webhooks']} ids={[doc.id, ...sends.map((s) => s.id)]} />
      <DocumentActions documentId={doc.id} actions={actions} />
      <WaitingNote
        doc={doc}
        sends={sends}
        windows={data.windows}
        credits={data.credits}
        canResume={can(user.role, 'documents:retry')}
      />
      {actions.fix && (
        <FixForm
          documentId={doc.id}
          fields={fixableFields.map((name) => {
            const f = fields.find((x) => x.name === name);
            return { name, value: f?.approvedValue ?? f?.value ?? '' };
          })}
        />
      )}
      {blocker && (
        <p role="note" className="mb-4 rounded border border-amber-300 bg-amber-50 px-3 py-2 text-amber-900">
          Blocked{data.blockedByName ? ` by ${data.blockedByName}` : blocker === 'automation' ? ' by automation' : ''}:{' '}
          {doc.blockedReason ?? 'no reason given'}
          {!actions.unblock && can(user.role, 'documents:block') && (
            <span className="block text-sm">{unblockRefusal(blocker)}</span>
          )}
        </p>
      )}
      <ProblemBanner problem={problem} now={new Date()} />
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
          <p className="mt-3 text-xs text-slate-500">
            Received {formatDateTime(doc.createdAt)} · exdata status {doc.exdataStatus ?? '—'} · file {doc.filename} (
            {doc.fileSize.toLocaleString('en-GB')} bytes)
          </p>
        </section>
        <section aria-label="Extracted fields" className="rounded-lg border border-slate-200 bg-white p-4">
          <h2 className="mb-2 font-semibold">Extracted fields</h2>
          <Table head={['Field', 'Value', 'Candidates', 'Review']} empty={fields.length === 0}>
            {fields.map((f) => (
              <tr key={f.id}>
                <Td mono>{f.name}</Td>
                <Td mono className="break-all">
                  {f.approvedValue ?? f.value ?? (f.valueJson ? JSON.stringify(f.valueJson) : '—')}
                </Td>
                <Td mono className="break-all">
                  {f.candidates?.join(' · ') ?? '—'}
                </Td>
                <Td>
                  <StatusBadge status={f.reviewState} />
                </Td>
              </tr>
            ))}
          </Table>
        </section>
      </div>
      <section aria-label="Timeline" className="mt-6 rounded-lg border border-slate-200 bg-white p-4">
        <h2 className="mb-3 font-semibold">Timeline</h2>
        <Timeline
          entries={data.timeline.map(({ event, actor, repeats, lastAt }) => ({ ...event, actor, repeats, lastAt }))}
        />
      </section>
      {send?.ublXml && (
        <details className="mt-6 rounded-lg border border-slate-200 bg-white p-4">
          <summary className="cursor-pointer font-semibold">UBL invoice sent to GoRoute</summary>
          <pre tabIndex={0} className="mt-2 max-h-[32rem] overflow-auto rounded bg-slate-50 p-2 text-xs">
            {send.ublXml}
          </pre>
        </details>
      )}
    </>
  );
}

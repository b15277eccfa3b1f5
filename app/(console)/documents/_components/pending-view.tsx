import Link from 'next/link';
import { RelativeTime } from '@/components/ui/relative-time';
import { StatusBadge } from '@/components/ui/status-badge';
import { Table, Td } from '@/components/ui/table';
import { ageBuckets, bucketOf, listPendingTooLong, type PendingDocument, type PendingSend } from '@/db/queries/pending';
import { formatDateTime } from '@/lib/format';
import type { PendingVerdict } from '@/lib/rules/pending';
import { ResumeUploadsButton } from './resume-uploads-button';

const span = (minutes: number) => (minutes >= 60 && minutes % 60 === 0 ? `${minutes / 60} h` : `${minutes} min`);

export const pendingHead = ['Item', 'Vendor or invoice', 'State', 'Since', 'Past its window', 'Bucket'];

/** Everything waiting longer than its window (lib/rules/pending.ts), bucketed by age, oldest first per group. */
export async function PendingView({ canResume }: { canResume: boolean }) {
  const { windows: w, credits, exdata, goroute, review } = await listPendingTooLong();
  const since = [...exdata, ...goroute.unsent, ...goroute.sends, ...review].map((x) => x.since);
  const counts = ageBuckets.map((b) => ({ label: b.label, n: since.filter((s) => bucketOf(s) === b.label).length }));
  return (
    <>
      <dl className="mb-4 grid grid-cols-2 gap-2 md:grid-cols-4" aria-label="Age buckets">
        {counts.map((c) => (
          <div key={c.label} className="rounded border border-slate-200 bg-white p-3">
            <dt className="text-xs text-slate-500">{c.label}</dt>
            <dd className="text-xl font-semibold tabular-nums">{c.n}</dd>
          </div>
        ))}
      </dl>
      {credits.paused && (
        <p
          role="note"
          className="mb-4 flex flex-wrap items-center gap-3 rounded border border-amber-300 bg-amber-50 px-3 py-2 text-amber-900"
        >
          <span>
            exdata credits exhausted: uploads paused since {formatDateTime(credits.since)}. Documents received meanwhile
            are held (marked below) until uploads resume.
          </span>
          {canResume && <ResumeUploadsButton pausedSince={credits.since?.toISOString() ?? null} />}
        </p>
      )}
      <h2 className="mb-2 font-semibold">
        exdata: pending longer than {w.exdata_pending_minutes} min, received {w.received_minutes} min or uploading{' '}
        {w.uploading_minutes} min without moving on
      </h2>
      <Table head={pendingHead} empty={exdata.length === 0}>
        {exdata.map((d) => (
          <DocumentRow key={d.id} d={d} />
        ))}
      </Table>
      <h2 className="mb-2 mt-6 font-semibold">
        GoRoute: queued {w.queued_minutes} min past due, pending {w.goroute_pending_minutes} min, processing{' '}
        {w.goroute_processing_minutes} min, sending {w.goroute_sending_minutes} min, retry {w.send_retry_minutes} min
        overdue, approved {w.approved_minutes} min without a send
      </h2>
      <Table head={pendingHead} empty={goroute.sends.length + goroute.unsent.length === 0}>
        {goroute.unsent.map((d) => (
          <DocumentRow key={d.id} d={d} />
        ))}
        {goroute.sends.map((s) => (
          <SendRow key={s.id} s={s} />
        ))}
      </Table>
      <h2 className="mb-2 mt-6 font-semibold">Review: waiting for finance longer than {span(w.review_minutes)}</h2>
      <Table head={pendingHead} empty={review.length === 0}>
        {review.map((d) => (
          <DocumentRow key={d.id} d={d} />
        ))}
      </Table>
    </>
  );
}

function Since({ at }: { at: Date }) {
  return (
    <>
      <RelativeTime at={at} />
      <span className="block text-xs text-slate-500">{formatDateTime(at)}</span>
    </>
  );
}

const Window = ({ v }: { v: PendingVerdict }) => (
  <>
    {v.label}
    <span className="block text-xs text-slate-500">window {v.minutes} min</span>
  </>
);

function DocumentRow({ d }: { d: PendingDocument }) {
  return (
    <tr data-pending-rule={d.verdict.rule}>
      <Td mono>
        <Link href={`/documents/${d.id}`} className="text-blue-700 underline">
          {d.sourceId}
        </Link>
        {d.exdataDocumentId && <span className="block text-slate-500">{d.exdataDocumentId}</span>}
      </Td>
      <Td>{d.vendorName ?? d.invoiceNumber ?? d.filename}</Td>
      <Td>
        <StatusBadge status={d.state} />
        {d.processingStage && <span className="block text-xs text-slate-500">{d.processingStage}</span>}
        {d.heldByCredits && (
          <span className="block text-xs font-medium text-amber-800">held: uploads paused (exdata credits)</span>
        )}
      </Td>
      <Td>
        <Since at={d.since} />
      </Td>
      <Td>
        <Window v={d.verdict} />
      </Td>
      <Td>{bucketOf(d.since)}</Td>
    </tr>
  );
}

function SendRow({ s }: { s: PendingSend }) {
  return (
    <tr data-pending-rule={s.verdict.rule}>
      <Td mono>
        <Link
          href={s.documentId ? `/documents/${s.documentId}` : `/transactions/${s.id}`}
          className="text-blue-700 underline"
        >
          {s.gorouteTransactionId ?? 'not sent yet'}
        </Link>
      </Td>
      <Td>
        {s.invoiceNumber ?? '—'}
        {s.receiverIdentifier && <span className="block font-mono text-xs text-slate-500">{s.receiverIdentifier}</span>}
      </Td>
      <Td>
        <StatusBadge status={s.status} />
      </Td>
      <Td>
        <Since at={s.since} />
      </Td>
      <Td>
        <Window v={s.verdict} />
      </Td>
      <Td>{bucketOf(s.since)}</Td>
    </tr>
  );
}

import Link from 'next/link';
import { RelativeTime } from '@/components/ui/relative-time';
import { StatusBadge } from '@/components/ui/status-badge';
import { Table, Td } from '@/components/ui/table';
import { ageBuckets, bucketOf, listPendingTooLong } from '@/db/queries/pending';

/** Everything waiting on a provider longer than its window, bucketed by age, oldest first. */
export async function PendingView() {
  const { windows, docs, sends } = await listPendingTooLong();
  const counts = ageBuckets.map((b) => ({ label: b.label, n: docs.filter((d) => bucketOf(d.since) === b.label).length + sends.filter((s) => bucketOf(s.since) === b.label).length }));
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
      <h2 className="mb-2 font-semibold">exdata: pending longer than {windows.exdata_pending_minutes} min</h2>
      <Table head={['Source ID', 'exdata ID', 'Vendor', 'Stage', 'Pending for', 'Bucket']} empty={docs.length === 0}>
        {docs.map((d) => (
          <tr key={d.id}>
            <Td mono><Link href={`/documents/${d.id}`} className="text-blue-700 underline">{d.sourceId}</Link></Td>
            <Td mono>{d.exdataDocumentId ?? '—'}</Td>
            <Td>{d.vendorName ?? '—'}</Td>
            <Td>{d.processingStage ?? '—'}</Td>
            <Td><RelativeTime at={d.since} suffix="" /></Td>
            <Td>{bucketOf(d.since)}</Td>
          </tr>
        ))}
      </Table>
      <h2 className="mb-2 mt-6 font-semibold">GoRoute: pending {windows.goroute_pending_minutes} min, processing {windows.goroute_processing_minutes} min, sending {windows.goroute_sending_minutes} min or longer</h2>
      <Table head={['GoRoute ID', 'Invoice', 'Receiver', 'Status', 'In this state for', 'Bucket']} empty={sends.length === 0}>
        {sends.map((s) => (
          <tr key={s.id}>
            <Td mono><Link href={s.documentId ? `/documents/${s.documentId}` : `/transactions/${s.id}`} className="text-blue-700 underline">{s.gorouteTransactionId ?? '—'}</Link></Td>
            <Td>{s.invoiceNumber ?? '—'}</Td>
            <Td mono>{s.receiverIdentifier ?? '—'}</Td>
            <Td><StatusBadge status={s.status} /></Td>
            <Td><RelativeTime at={s.since} suffix="" /></Td>
            <Td>{bucketOf(s.since)}</Td>
          </tr>
        ))}
      </Table>
    </>
  );
}

import type { Metadata } from 'next';
import Link from 'next/link';
import { FilterLinks } from '@/components/ui/filter-links';
import { ExportLink } from '@/components/ui/export-link';
import { PageHeader } from '@/components/ui/page-header';
import { RelativeTime } from '@/components/ui/relative-time';
import { Pager } from '@/components/ui/pager';
import { PendingView } from './_components/pending-view';
import { StatusBadge } from '@/components/ui/status-badge';
import { Table, Td } from '@/components/ui/table';
import { listDocuments } from '@/db/queries/documents';
import { pipelineStates } from '@/db/schema/enums';
import { requirePermission } from '@/lib/auth/guard';
import { formatMoney } from '@/lib/format';
import { decodeCursor } from '@/lib/pagination';
import { pickEnum, single, type SearchParams } from '@/lib/search-params';

export const metadata: Metadata = { title: 'Documents' };

export default async function DocumentsPage({ searchParams }: { searchParams: SearchParams }) {
  await requirePermission('documents:view');
  const params = await searchParams;
  const views = (
    <nav aria-label="Views" className="mb-3 flex gap-3 text-sm">
      <Link href="/documents" className={params.view ? 'text-blue-700 underline' : 'font-semibold'}>All documents</Link>
      <Link href="/documents?view=pending" className={params.view === 'pending' ? 'font-semibold' : 'text-blue-700 underline'}>Pending too long</Link>
    </nav>
  );
  if (params.view === 'pending') {
    return (
      <>
        <PageHeader title="Pending too long" description="Waiting on exdata or GoRoute longer than the windows set in Settings, oldest first." />
        {views}
        <PendingView />
      </>
    );
  }
  const state = pickEnum(params.state, pipelineStates);
  const page = await listDocuments({ state, cursor: decodeCursor(params.after) });
  return (
    <>
      <PageHeader title="Documents" description="Every supplier PDF from upload to Peppol delivery, newest first.">
        <ExportLink view="documents" params={{ state }} />
      </PageHeader>
      {views}
      <FilterLinks basePath="/documents" name="state" values={pipelineStates} current={state} />
      <Table head={['Source ID', 'exdata ID', 'Vendor', 'Invoice', 'Amount', 'State', 'exdata', 'Age']} empty={page.items.length === 0}>
        {page.items.map((d) => (
          <tr key={d.id}>
            <Td mono>
              <Link href={`/documents/${d.id}`} className="text-blue-700 underline">
                {d.sourceId}
              </Link>
            </Td>
            <Td mono>{d.exdataDocumentId ?? '—'}</Td>
            <Td>{d.vendorName ?? d.senderName ?? '—'}</Td>
            <Td>{d.invoiceNumber ?? '—'}</Td>
            <Td className="text-right tabular-nums">{formatMoney(d.grossAmount, d.currency)}</Td>
            <Td>
              <StatusBadge status={d.pipelineState} />
            </Td>
            <Td>
              <StatusBadge status={d.exdataStatus} />
            </Td>
            <Td><RelativeTime at={d.createdAt} /></Td>
          </tr>
        ))}
      </Table>
      <Pager basePath="/documents" params={{ state, after: single(params.after) }} next={page.next} />
    </>
  );
}

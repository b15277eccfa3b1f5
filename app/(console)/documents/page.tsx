import type { Metadata } from 'next';
import { Suspense } from 'react';
import Link from 'next/link';
import { FilterForm } from '@/components/ui/filter-form';
import { IgnoredFilters } from '@/components/ui/ignored-filters';
import { ExportLink } from '@/components/ui/export-link';
import { PageHeader } from '@/components/ui/page-header';
import { RelativeTime } from '@/components/ui/relative-time';
import { Pager } from '@/components/ui/pager';
import { PendingView, pendingHead } from './_components/pending-view';
import { StatusBadge } from '@/components/ui/status-badge';
import { Table, Td } from '@/components/ui/table';
import { TableSkeleton } from '@/components/ui/table-skeleton';
import { LiveList } from '@/components/live/live-list';
import { LiveRefresh } from '@/components/live/live-refresh';
import { listDocuments } from '@/db/queries/documents';
import { pipelineStates } from '@/db/schema/enums';
import { requirePermission } from '@/lib/auth/guard';
import { documentFilters, documentQuery } from '@/lib/lists/filters';
import { can } from '@/lib/rules/permissions';
import { formatMoney } from '@/lib/format';
import { decodeCursor } from '@/lib/pagination';
import { oneOf, parseFilters, single, type FilterValues, type SearchParams } from '@/lib/search-params';

export const metadata: Metadata = { title: 'Documents' };

const head = ['Source ID', 'exdata ID', 'Vendor', 'Invoice', 'Amount', 'State', 'exdata', 'Age'];
type Filters = FilterValues<typeof documentFilters>;

export default async function DocumentsPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requirePermission('documents:view');
  const params = await searchParams;
  const views = (
    <nav aria-label="Views" className="mb-3 flex gap-3 text-sm">
      <Link href="/documents" className={params.view ? 'text-blue-700 underline' : 'font-semibold'}>
        All documents
      </Link>
      <Link
        href="/documents?view=pending"
        className={params.view === 'pending' ? 'font-semibold' : 'text-blue-700 underline'}
      >
        Pending too long
      </Link>
    </nav>
  );
  if (params.view === 'pending') {
    return (
      <>
        <PageHeader
          title="Pending too long"
          description="Waiting on exdata, GoRoute or finance review longer than the windows set in Settings, oldest first."
        />
        {views}
        {/* Pending too long is an aggregate: at most one refresh per 5 s, whatever moves. */}
        <LiveRefresh topics={['documents', 'transactions']} throttleMs={5_000} />
        <Suspense fallback={<TableSkeleton head={pendingHead} />}>
          <PendingView canResume={can(user.role, 'documents:retry')} />
        </Suspense>
      </>
    );
  }
  // view=pending is the other view (above): any other view is reported like any other unknown filter value.
  const { values, ignored } = parseFilters(params, { view: oneOf(['pending'], 'view'), ...documentFilters });
  const { view: _view, ...filters } = values;
  const { state, vendor, from, to } = filters;
  const after = single(params.after);
  // `top` (set by the live list) holds the first page at a row; it is not a filter, nor a new Suspense key.
  const top = after ? undefined : single(params.top);
  return (
    <>
      <PageHeader title="Documents" description="Every supplier PDF from upload to Peppol delivery, newest first.">
        <ExportLink view="documents" params={filters} />
      </PageHeader>
      {views}
      <IgnoredFilters ignored={ignored} />
      <FilterForm
        action="/documents"
        fields={[
          { name: 'state', label: 'State', value: state, options: pipelineStates },
          { name: 'vendor', label: 'Vendor', value: vendor, placeholder: 'name contains…' },
          { name: 'from', label: 'Received from', value: from, type: 'date' },
          { name: 'to', label: 'to', value: to, type: 'date' },
        ]}
      />
      <Suspense key={JSON.stringify({ ...filters, after })} fallback={<TableSkeleton head={head} />}>
        <DocumentRows filters={filters} after={after} top={top} />
      </Suspense>
    </>
  );
}

async function DocumentRows({ filters, after, top }: { filters: Filters; after?: string; top?: string }) {
  const page = await listDocuments({ ...documentQuery(filters), cursor: decodeCursor(after), top: decodeCursor(top) });
  return (
    <>
      <LiveList
        list="documents"
        topic="documents"
        first={page.first}
        ids={page.items.map((d) => d.id)}
        deep={Boolean(after)}
      />
      <Table head={head} empty={page.items.length === 0}>
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
            <Td>
              <RelativeTime at={d.createdAt} />
            </Td>
          </tr>
        ))}
      </Table>
      <Pager basePath="/documents" params={{ ...filters, after }} next={page.next} />
    </>
  );
}

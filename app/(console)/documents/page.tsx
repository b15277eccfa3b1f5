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
import { listDocuments } from '@/db/queries/documents';
import { pipelineStates } from '@/db/schema/enums';
import { requirePermission } from '@/lib/auth/guard';
import { can } from '@/lib/rules/permissions';
import { formatMoney } from '@/lib/format';
import { decodeCursor } from '@/lib/pagination';
import { day, oneOf, parseFilters, pickDay, single, text, type SearchParams } from '@/lib/search-params';

export const metadata: Metadata = { title: 'Documents' };

const head = ['Source ID', 'exdata ID', 'Vendor', 'Invoice', 'Amount', 'State', 'exdata', 'Age'];
type Filters = { state?: (typeof pipelineStates)[number]; vendor?: string; from?: string; to?: string };

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
        <Suspense fallback={<TableSkeleton head={pendingHead} />}>
          <PendingView canResume={can(user.role, 'documents:retry')} />
        </Suspense>
      </>
    );
  }
  // view=pending is the other view (above): any other view is reported like any other unknown filter value.
  const { values, ignored } = parseFilters(params, {
    view: oneOf(['pending'], 'view'),
    state: oneOf(pipelineStates, 'state'),
    vendor: text(100),
    from: day,
    to: day,
  });
  const { view: _view, ...filters } = values;
  const { state, vendor, from, to } = filters;
  const after = single(params.after);
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
        <DocumentRows filters={filters} after={after} />
      </Suspense>
    </>
  );
}

async function DocumentRows({ filters, after }: { filters: Filters; after?: string }) {
  const { state, vendor, from, to } = filters;
  const page = await listDocuments({
    state,
    vendor,
    from: pickDay(from),
    to: pickDay(to, true),
    cursor: decodeCursor(after),
  });
  return (
    <>
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

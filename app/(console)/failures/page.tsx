import type { Metadata } from 'next';
import { Suspense } from 'react';
import Link from 'next/link';
import { LiveRefresh } from '@/components/live/live-refresh';
import { FilterLinks } from '@/components/ui/filter-links';
import { IgnoredFilters } from '@/components/ui/ignored-filters';
import { Pager } from '@/components/ui/pager';
import { PageHeader } from '@/components/ui/page-header';
import { RelativeTime } from '@/components/ui/relative-time';
import { StatusBadge } from '@/components/ui/status-badge';
import { Table, Td } from '@/components/ui/table';
import { TableSkeleton } from '@/components/ui/table-skeleton';
import { countFailures, failureKinds, listFailedExtractions, listFailedSends } from '@/db/queries/failures';
import { errorCategories } from '@/db/schema/enums';
import { db } from '@/db/client';
import { requirePermission } from '@/lib/auth/guard';
import { can } from '@/lib/rules/permissions';
import { countBulkRetry } from '@/lib/operations/bulk-retry';
import { retryCannotFix } from '@/lib/rules/sends';
import { BulkRetry } from './_components/bulk-retry';
import { decodeCursor } from '@/lib/pagination';
import { oneOf, parseFilters, single, type SearchParams } from '@/lib/search-params';

export const metadata: Metadata = { title: 'Failures' };

type Detail = { rule?: string; location?: string; message?: string };
const kinds = failureKinds;
// A validation failure can name dozens of rules; the row shows the first few, the document page shows all.
const DETAILS_SHOWN = 3;
// The newest failed extractions; the documents list filtered to extraction_failed has them all, with paging.
const EXTRACTIONS_SHOWN = 10;
const sendHead = ['GoRoute ID', 'Invoice', 'Category', 'Error', 'Rule / location', 'Request ID', 'Attempts', 'Failed'];

export default async function FailuresPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requirePermission('failures:view');
  const params = await searchParams;
  const { values, ignored } = parseFilters(params, {
    category: oneOf(errorCategories, 'error category'),
    kind: oneOf(kinds, 'kind'),
  });
  const { category, kind } = values;
  const canRetry = can(user.role, 'transactions:retry');
  const after = single(params.after);
  return (
    <>
      <PageHeader
        title="Failures"
        description="Failed sends and extractions with the provider's own error: code, rule, location and request ID."
      />
      <IgnoredFilters ignored={ignored} />
      {/* Counts, the bulk-retry preview and both lists: at most one refresh per 5 s. Sends are listed oldest failure
          first, so a new failure joins at the end and nothing moves under the reader. */}
      <LiveRefresh topics={['transactions', 'documents']} throttleMs={5_000} />
      <Suspense key={`${category}:${kind}:${after}`} fallback={<TableSkeleton head={sendHead} />}>
        <FailuresBody category={category} kind={kind} after={after} canRetry={canRetry} />
      </Suspense>
    </>
  );
}

async function FailuresBody({
  category,
  kind,
  after,
  canRetry,
}: {
  category?: (typeof errorCategories)[number];
  kind?: (typeof kinds)[number];
  after?: string;
  canRetry: boolean;
}) {
  const [summary, page, extractions, preview] = await Promise.all([
    countFailures(),
    listFailedSends({ category, kind }, decodeCursor(after)),
    listFailedExtractions(EXTRACTIONS_SHOWN),
    canRetry ? countBulkRetry(db, category) : 0,
  ]);
  const rows = page.items;
  const byCategory = errorCategories
    .map((c) => ({ c, n: summary.sends.filter((r) => r.category === c).reduce((s, r) => s + r.n, 0) }))
    .filter((x) => x.n > 0);
  return (
    <>
      <dl className="mb-4 flex flex-wrap gap-2" aria-label="Failures by category">
        {byCategory.map(({ c, n }) => (
          <div
            key={c}
            className="relative rounded border border-slate-200 bg-white px-3 py-2 focus-within:ring-2 focus-within:ring-blue-500 hover:border-slate-400"
          >
            <dt className="text-xs text-slate-500">
              <Link href={`/failures?category=${c}`} className="outline-none after:absolute after:inset-0">
                {c.replace('_', ' ')}
              </Link>
            </dt>
            <dd className="text-lg font-semibold tabular-nums">{n}</dd>
          </div>
        ))}
        <div className="rounded border border-slate-200 bg-white px-3 py-2">
          <dt className="text-xs text-slate-500">extraction errors</dt>
          <dd className="text-lg font-semibold tabular-nums">{summary.extractionFailed}</dd>
        </div>
      </dl>
      {canRetry && <BulkRetry category={category} preview={preview} />}
      <FilterLinks basePath="/failures" name="kind" values={kinds} current={kind} />
      <Table head={sendHead} empty={rows.length === 0}>
        {rows.map((t) => {
          const details = Array.isArray(t.lastErrorDetails) ? (t.lastErrorDetails as Detail[]) : [];
          return (
            <tr key={t.id}>
              <Td mono>
                <Link
                  href={t.documentId ? `/documents/${t.documentId}` : `/transactions/${t.id}`}
                  className="text-blue-700 underline"
                >
                  {t.gorouteTransactionId ?? 'not accepted'}
                </Link>
              </Td>
              <Td>{t.invoiceNumber ?? '—'}</Td>
              <Td>
                <StatusBadge status={t.lastErrorCategory} />
                <div className="text-xs text-slate-500">{kindLabel(t)}</div>
              </Td>
              <Td>
                <span className="font-mono text-xs">{t.lastErrorCode}</span>
                <div>{t.lastErrorMessage}</div>
              </Td>
              <Td>
                {details.slice(0, DETAILS_SHOWN).map((d, i) => (
                  <div key={i} className="text-xs">
                    <span className="font-mono">{d.rule}</span> <span className="text-slate-500">{d.location}</span>
                  </div>
                ))}
                {details.length > DETAILS_SHOWN && (
                  <div className="text-xs text-slate-500">and {details.length - DETAILS_SHOWN} more</div>
                )}
              </Td>
              <Td mono>{t.lastRequestId ?? '—'}</Td>
              <Td className="tabular-nums">{t.attempts}</Td>
              <Td>
                <RelativeTime at={t.statusChangedAt} />
              </Td>
            </tr>
          );
        })}
      </Table>
      <Pager
        basePath="/failures"
        params={{ category, kind, after }}
        next={page.next}
        labels={{ first: 'Oldest', next: 'Newer →' }}
      />
      <div className="mb-2 mt-6 flex items-baseline justify-between">
        <h2 className="font-semibold">Failed extractions</h2>
        {summary.extractionFailed > extractions.length && (
          <Link href="/documents?state=extraction_failed" className="text-blue-700 underline">
            All {summary.extractionFailed} failed extractions →
          </Link>
        )}
      </div>
      <Table
        head={['Source ID', 'exdata ID', 'File', 'Error', 'Request ID', 'Failed']}
        empty={extractions.length === 0}
      >
        {extractions.map((d) => (
          <tr key={d.id}>
            <Td mono>
              <Link href={`/documents/${d.id}`} className="text-blue-700 underline">
                {d.sourceId}
              </Link>
            </Td>
            <Td mono>{d.exdataDocumentId ?? '—'}</Td>
            <Td>{d.filename}</Td>
            <Td>
              <span className="font-mono text-xs">{d.lastErrorCode}</span> {d.lastErrorMessage}
            </Td>
            <Td mono>{d.lastRequestId ?? '—'}</Td>
            <Td>
              <RelativeTime at={d.since} />
            </Td>
          </tr>
        ))}
      </Table>
    </>
  );
}

/** The row's kind, by the rules the filters, the bulk retry and the Retry button use (lib/rules/sends.ts). */
function kindLabel(t: {
  deadLetteredAt: Date | null;
  retryable: boolean;
  lastErrorCategory: (typeof errorCategories)[number] | null;
  gorouteTransactionId: string | null;
}) {
  if (t.deadLetteredAt) return t.retryable ? 'dead-letter · retry possible' : 'dead-letter';
  if (t.retryable) return 'retryable';
  return retryCannotFix(t) ? 'permanent' : 'held: document blocked or resent';
}

import type { Metadata } from 'next';
import { Suspense } from 'react';
import Link from 'next/link';
import { FilterLinks } from '@/components/ui/filter-links';
import { IgnoredFilters } from '@/components/ui/ignored-filters';
import { ExportLink } from '@/components/ui/export-link';
import { PageHeader } from '@/components/ui/page-header';
import { Pager } from '@/components/ui/pager';
import { StatusBadge } from '@/components/ui/status-badge';
import { Table, Td } from '@/components/ui/table';
import { TableSkeleton } from '@/components/ui/table-skeleton';
import { LiveList } from '@/components/live/live-list';
import { listWebhookDeliveries } from '@/db/queries/webhooks';
import { processingResults, providers } from '@/db/schema/enums';
import { requirePermission } from '@/lib/auth/guard';
import { formatDateTime } from '@/lib/format';
import { TimeTooltip } from '@/components/ui/relative-time';
import { decodeCursor } from '@/lib/pagination';
import { webhookFilters } from '@/lib/lists/filters';
import { parseFilters, single, type SearchParams } from '@/lib/search-params';
import { signatureLabels } from '@/lib/webhooks/signature-display';
import { ProcessingLatency } from './_components/processing-latency';

export const metadata: Metadata = { title: 'Webhooks' };

const head = ['Received', 'Provider', 'Event', 'Delivery ID', 'Signature', 'Skew', 'Duplicates', 'Result', 'Latency'];

export default async function WebhooksPage({ searchParams }: { searchParams: SearchParams }) {
  await requirePermission('webhooks:view');
  const params = await searchParams;
  const { values, ignored } = parseFilters(params, webhookFilters);
  const { provider, result } = values;
  return (
    <>
      <PageHeader
        title="Webhooks"
        description="Every delivery from GoRoute and exdata, rejected ones included, newest first."
      >
        <ExportLink view="webhooks" params={{ provider, result }} />
      </PageHeader>
      <IgnoredFilters ignored={ignored} />
      <FilterLinks basePath="/webhooks" name="provider" values={providers} current={provider} />
      <FilterLinks basePath="/webhooks" name="result" values={processingResults} current={result} />
      <Suspense key={`${provider}:${result}:${single(params.after)}`} fallback={<TableSkeleton head={head} />}>
        <WebhookRows
          provider={provider}
          result={result}
          after={single(params.after)}
          top={params.after ? undefined : single(params.top)}
        />
      </Suspense>
    </>
  );
}

async function WebhookRows({
  provider,
  result,
  after,
  top,
}: {
  provider?: (typeof providers)[number];
  result?: (typeof processingResults)[number];
  after?: string;
  /** Set by the live list: holds the first page at a row (not a filter, nor part of the Suspense key). */
  top?: string;
}) {
  const page = await listWebhookDeliveries({ provider, result, cursor: decodeCursor(after), top: decodeCursor(top) });
  return (
    <>
      <LiveList
        list="webhooks"
        topic="webhooks"
        first={page.first}
        ids={page.items.map((w) => w.id)}
        deep={Boolean(after)}
      />
      <Table head={head} empty={page.items.length === 0}>
        {page.items.map((w) => (
          <tr key={w.id}>
            <Td>
              <TimeTooltip at={w.receivedAt}>
                <Link href={`/webhooks/${w.id}`} className="text-blue-700 underline">
                  <time dateTime={w.receivedAt.toISOString()}>{formatDateTime(w.receivedAt)}</time>
                </Link>
              </TimeTooltip>
            </Td>
            <Td>{w.provider}</Td>
            <Td mono>{w.eventType ?? '—'}</Td>
            <Td mono>{w.deliveryId ?? '—'}</Td>
            <Td>
              <StatusBadge status={w.signatureResult} label={signatureLabels[w.signatureResult]} />
            </Td>
            <Td className="tabular-nums">{w.timestampSkewSeconds == null ? '—' : `${w.timestampSkewSeconds} s`}</Td>
            <Td className="tabular-nums">{w.duplicateCount}</Td>
            <Td>
              <StatusBadge status={w.processingResult} />
            </Td>
            <Td className="tabular-nums">
              <ProcessingLatency ms={w.processingLatencyMs} reprocessRequestedAt={w.reprocessRequestedAt} />
            </Td>
          </tr>
        ))}
      </Table>
      <Pager basePath="/webhooks" params={{ provider, result, after }} next={page.next} />
    </>
  );
}

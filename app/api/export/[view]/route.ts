import { listAuditLog } from '@/db/queries/audit';
import { listDocuments } from '@/db/queries/documents';
import { listTransactions } from '@/db/queries/transactions';
import { listWebhookDeliveries } from '@/db/queries/webhooks';
import {
  auditActions,
  directions,
  pipelineStates,
  processingResults,
  providers,
  transactionStatuses,
} from '@/db/schema/enums';
import { authorizeRequest } from '@/lib/auth/guard';
import type { Permission } from '@/lib/rules/permissions';
import { csvRow } from '@/lib/csv';
import { decodeCursor, type Cursor } from '@/lib/pagination';
import { pickDay, single } from '@/lib/search-params';

export const dynamic = 'force-dynamic';

const MAX_ROWS = 100_000;
type Page = { items: Record<string, unknown>[]; next: string | null };

function pick<T extends string>(params: URLSearchParams, name: string, allowed: readonly T[]): T | undefined {
  const v = params.get(name);
  return v && (allowed as readonly string[]).includes(v) ? (v as T) : undefined;
}

const views: Record<
  string,
  { permission: Permission; load: (p: URLSearchParams, cursor: Cursor | null) => Promise<Page> }
> = {
  documents: {
    permission: 'documents:view',
    load: (p, cursor) =>
      listDocuments({
        state: pick(p, 'state', pipelineStates),
        vendor: single(p.get('vendor')),
        from: pickDay(p.get('from') ?? undefined),
        to: pickDay(p.get('to') ?? undefined, true),
        cursor,
      }),
  },
  transactions: {
    permission: 'transactions:view',
    load: (p, cursor) =>
      listTransactions({
        status: pick(p, 'status', transactionStatuses),
        direction: pick(p, 'direction', directions),
        participant: single(p.get('participant')),
        country: single(p.get('country'))?.toUpperCase(),
        documentType: single(p.get('documentType')),
        from: pickDay(p.get('from') ?? undefined),
        to: pickDay(p.get('to') ?? undefined, true),
        cursor,
      }),
  },
  webhooks: {
    permission: 'webhooks:view',
    load: (p, cursor) =>
      listWebhookDeliveries({
        provider: pick(p, 'provider', providers),
        result: pick(p, 'result', processingResults),
        cursor,
      }),
  },
  audit: {
    permission: 'audit:view',
    load: (p, cursor) =>
      listAuditLog({
        actor: single(p.get('actor')),
        action: pick(p, 'action', auditActions),
        targetType: single(p.get('targetType')),
        targetId: single(p.get('targetId')),
        cursor,
      }),
  },
};

/** CSV of any list with the same filters as its page, streamed page by page (keyset, never OFFSET). */
export async function GET(req: Request, { params }: { params: Promise<{ view: string }> }) {
  const { view } = await params;
  const spec = views[view];
  if (!spec) return Response.json({ error: `No export named ${view}` }, { status: 404 });
  const auth = await authorizeRequest(spec.permission);
  if ('response' in auth) return auth.response;
  const filters = new URL(req.url).searchParams;
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      let cursor: Cursor | null = null;
      let rows = 0;
      let header: string[] | null = null;
      do {
        const page: Page = await spec.load(filters, cursor);
        for (const item of page.items) {
          const { cursorAt: _cursor, ...row } = item;
          header ??= Object.keys(row);
          if (rows === 0) controller.enqueue(encoder.encode(csvRow(header)));
          controller.enqueue(encoder.encode(csvRow(header.map((k) => row[k]))));
          rows++;
        }
        cursor = page.next ? decodeCursor(page.next) : null;
      } while (cursor && rows < MAX_ROWS);
      controller.close();
    },
  });
  const stamp = new Date().toISOString().slice(0, 19).replaceAll(':', '');
  return new Response(body, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="invoice-ops-${view}-${stamp}.csv"`,
      'cache-control': 'no-store',
    },
  });
}

import { countNewerAlerts } from '@/db/queries/alerts';
import { countNewerAuditRows } from '@/db/queries/audit';
import { countNewerDocuments } from '@/db/queries/documents';
import type { NewerCount } from '@/db/queries/keyset';
import { countNewerTransactions } from '@/db/queries/transactions';
import { countNewerWebhookDeliveries } from '@/db/queries/webhooks';
import type { Cursor } from '@/lib/pagination';
import type { Permission } from '@/lib/rules/permissions';
import { parseFilters } from '@/lib/search-params';
import {
  alertFilters,
  alertView,
  auditFilters,
  documentFilters,
  documentQuery,
  transactionFilters,
  transactionQuery,
  webhookFilters,
} from '../lists/filters';

type Params = Record<string, string | string[] | undefined>;

/**
 * The lists whose first page says "12 new — show": for each, who may ask (the list page's own permission) and how
 * many rows it would show above its first row, read from the page's own URL filters (lib/lists/filters.ts) and
 * counted along the list's keyset order (db/queries, capped at 100).
 */
export const newerLists: Record<
  string,
  { permission: Permission; count: (params: Params, since: Cursor | null) => Promise<NewerCount> }
> = {
  documents: {
    permission: 'documents:view',
    count: (p, since) => countNewerDocuments(documentQuery(parseFilters(p, documentFilters).values), since),
  },
  transactions: {
    permission: 'transactions:view',
    count: (p, since) => countNewerTransactions(transactionQuery(parseFilters(p, transactionFilters).values), since),
  },
  webhooks: {
    permission: 'webhooks:view',
    count: (p, since) => countNewerWebhookDeliveries(parseFilters(p, webhookFilters).values, since),
  },
  audit: {
    permission: 'audit:view',
    count: (p, since) => countNewerAuditRows(parseFilters(p, auditFilters).values, since),
  },
  alerts: {
    permission: 'dashboard:view',
    count: (p, since) =>
      countNewerAlerts({ statuses: [...alertView(parseFilters(p, alertFilters).values).statuses] }, since),
  },
};

/** A URL's query as the pages get it: a name given twice is a list (which parseFilters then ignores, as they do). */
export function searchParamsRecord(params: URLSearchParams): Params {
  const out: Params = {};
  for (const name of new Set(params.keys())) {
    const all = params.getAll(name);
    out[name] = all.length > 1 ? all : all[0];
  }
  return out;
}

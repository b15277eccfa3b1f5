// Demo data for a fresh install: a month in the life of the invoice hub, told consistently across documents,
// transactions, provider calls, webhooks, timelines, audit log and alerts. Deterministic: the same `now`
// gives byte-identical rows (mulberry32 streams, no Math.random), and every timestamp is relative to `now`.
import { getTableColumns, getTableName, sql, type Column } from 'drizzle-orm';
import { CasingCache } from 'drizzle-orm/casing';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Database } from '@/db/client';
import {
  alertNotifications,
  alerts,
  checklistAttestations,
  apiCalls,
  auditLog,
  documentFiles,
  documents,
  extractedFields,
  settings,
  timelineEvents,
  transactions,
  vendors,
  webhookDeliveries,
} from '@/db/schema';
import { buildCompanies } from '@/demo/world/companies';
import { demoFiles } from './files';
import { seedDocuments } from './documents';
import { seedAlerts, seedSettings, seedStandaloneWebhooks } from './extras';
import { Rng } from '@/demo/world/prng';
import { seedInbound } from './inbound';
import { DAY, SeedContext, withStoredParties, type ActorIds, type SeedData } from './story';

export interface DemoDataOptions {
  actorIds: ActorIds;
  now?: Date;
}

const INBOUND_TRANSACTIONS = 40;
const CHUNK = 300;

/** Builds every row in memory (pure: no database), in insert order. */
export function buildDemoData(opts: DemoDataOptions): SeedData {
  const now = (opts.now ?? new Date()).getTime();
  const ctx = new SeedContext(now, opts.actorIds);
  const rng = new Rng('vendors');

  const companies = buildCompanies();
  const vendorIds = companies.map(() => ctx.uuid());
  companies.forEach((c, i) => {
    const createdAt = now - rng.int(60, 420) * DAY;
    const approvedAt = c.approved ? createdAt + rng.int(1, 6) * DAY : null;
    ctx.data.vendors.push({
      id: vendorIds[i]!,
      name: c.name,
      country: c.country,
      vatId: c.vatId,
      iban: c.iban,
      peppolId: c.peppolId,
      approvedAt: approvedAt === null ? null : new Date(approvedAt),
      approvedBy: approvedAt === null ? null : ctx.actors.finance,
      createdAt: new Date(createdAt),
      updatedAt: new Date(approvedAt ?? createdAt),
    });
  });

  seedDocuments(ctx, companies, vendorIds);
  seedInbound(ctx, companies, INBOUND_TRANSACTIONS);
  const { invalidLastHour } = seedStandaloneWebhooks(ctx);
  seedAlerts(ctx, invalidLastHour);
  seedSettings(ctx);

  // Stories interleave in time; store rows in time order so bigserial ids follow the clock too.
  const d = ctx.data;
  const order = d.apiCalls
    .map((_, i) => i)
    .sort((x, y) => d.apiCalls[x]!.createdAt!.getTime() - d.apiCalls[y]!.createdAt!.getTime() || x - y);
  const position = new Array<number>(order.length);
  order.forEach((from, to) => (position[from] = to));
  d.apiCalls = order.map((i) => d.apiCalls[i]!);
  for (const e of d.timelineEvents) if (e.apiCallRef !== undefined) e.apiCallRef = position[e.apiCallRef];
  const byTime =
    <T>(key: (row: T) => Date) =>
    (x: T, y: T) =>
      key(x).getTime() - key(y).getTime();
  d.timelineEvents.sort(byTime((e) => e.createdAt!));
  d.auditLog.sort(byTime((e) => e.createdAt!));
  d.webhookDeliveries.sort(byTime((e) => e.receivedAt!));
  d.documents.sort(byTime((e) => e.createdAt!));
  d.documentFiles = demoFiles(d.documents);
  d.transactions = d.transactions.map(withStoredParties).sort(byTime((e) => e.createdAt!));
  return d;
}

type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];
const casing = new CasingCache('snake_case');

/**
 * Multi-row insert, CHUNK rows per statement. The rows travel as one JSON parameter expanded by
 * jsonb_populate_recordset: drizzle's builder spends ~100 µs per row wrapping every value in its own
 * parameter, which alone would eat most of the 2-second budget for ~6,000 rows. Column names come from
 * the drizzle schema through drizzle's own snake_case mapping, so they cannot drift from it; the rows
 * keep their `$inferInsert` types. Only the keys the rows carry are inserted, so defaults still apply.
 */
async function insertRows<T extends PgTable>(tx: Tx, table: T, rows: T['$inferInsert'][]): Promise<void> {
  if (rows.length === 0) return;
  const columns = getTableColumns(table) as Record<string, Column>;
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r as object)))];
  const names = keys.map((k) => {
    const column = columns[k];
    if (!column) throw new Error(`${getTableName(table)} has no column for key ${k}`);
    return casing.getColumnCasing(column);
  });
  const tableName = sql.identifier(getTableName(table));
  const list = sql.join(
    names.map((n) => sql.identifier(n)),
    sql`, `,
  );
  for (let i = 0; i < rows.length; i += CHUNK) {
    const json = JSON.stringify(
      rows.slice(i, i + CHUNK).map((row) => {
        const out: Record<string, unknown> = {};
        keys.forEach((k, j) => (out[names[j]!] = (row as Record<string, unknown>)[k] ?? null));
        return out;
      }),
    );
    await tx.execute(
      sql`insert into ${tableName} (${list}) select ${list} from jsonb_populate_recordset(null::${tableName}, ${json}::jsonb)`,
    );
  }
}

export async function seedDemoData(
  db: Database,
  opts: { actorIds: Record<'admin' | 'support' | 'finance' | 'manager', string>; now?: Date },
): Promise<{ documents: number; transactions: number; webhookDeliveries: number }> {
  const data = buildDemoData(opts);
  await db.transaction(async (tx) => {
    await insertRows(tx, vendors, data.vendors);
    await insertRows(tx, documents, data.documents);
    if (data.documentFiles.length > 0) await tx.insert(documentFiles).values(data.documentFiles);
    await insertRows(tx, extractedFields, data.extractedFields);
    await insertRows(tx, transactions, data.transactions);
    // Reserve api_calls ids from the table's own sequence so timeline rows can point at them.
    const reserved = await tx.execute<{ id: string }>(
      sql`select nextval(pg_get_serial_sequence('api_calls', 'id')) as id from generate_series(1, ${data.apiCalls.length})`,
    );
    const ids = reserved.rows.map((r) => Number(r.id)).sort((x, y) => x - y);
    await insertRows(
      tx,
      apiCalls,
      data.apiCalls.map((row, i) => ({ ...row, id: ids[i]! })),
    );
    await insertRows(tx, webhookDeliveries, data.webhookDeliveries);
    await insertRows(
      tx,
      timelineEvents,
      data.timelineEvents.map(({ apiCallRef, ...row }) => ({
        ...row,
        apiCallId: apiCallRef === undefined ? null : ids[apiCallRef]!,
      })),
    );
    await insertRows(tx, auditLog, data.auditLog);
    await insertRows(tx, alerts, data.alerts);
    // Each open alert was announced when it opened, as the worker's notify job records it (Settings → Last
    // notifications).
    const announced = data.alerts.filter((a) => a.status === 'open');
    await insertRows(
      tx,
      alertNotifications,
      announced.map((a) => ({
        alertId: a.id!,
        channel: 'sandbox',
        status: 'sent',
        detail: null,
        createdAt: a.firstSeenAt!,
      })),
    );
    await insertRows(tx, settings, data.settings);
    await insertRows(tx, checklistAttestations, data.attestations);
  });
  return {
    documents: data.documents.length,
    transactions: data.transactions.length,
    webhookDeliveries: data.webhookDeliveries.length,
  };
}

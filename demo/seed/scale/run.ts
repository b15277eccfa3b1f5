// `npm run seed:scale`: the data volume of the performance budgets (docs/budgets.md), realistic in its mix, loaded
// with COPY. Stories are generated once, in time order; each table is COPYed once its parents are in, from a
// spool file (documents and fields load while the transactions without documents are still being generated).
import { randomInt } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import type { Pool, PoolClient } from 'pg';
import type { Database } from '@/db/client';
import { settings } from '@/db/schema';
import { demoUsers, ensureDemoUsers } from '@/demo/seed/users';
import type { ActorIds } from '@/demo/seed/story';
import { Rng } from '@/demo/world/prng';
import { planBudget, targetsFor, type Targets } from './budget';
import { ensureVendors, scaleCompanies } from './companies';
import { ScaleContext } from './context';
import { copyInto, type CopyResult } from './copy';
import { planHistory, writeTransactions } from './history';
import { writeStrayCalls, writeStrayWebhooks } from './strays';
import { docPlan, kindName, planDocuments } from './plans';
import { Rollups } from './rollups';
import { Sink } from './sink';
import { partiesOf, tellDocument } from '@/demo/seed/lifecycle';
import { DAY } from './time';
import type { Readable } from 'node:stream';

const MARKER = 'scale_data';

export class ScaleRefused extends Error {}

export interface ScaleOptions {
  scale: number;
  force?: boolean;
  seed?: number;
  log?: (line: string) => void;
  now?: Date;
}

interface TableReport extends CopyResult {
  table: string;
  rows: number;
}

export interface ScaleReport {
  run: number;
  seed: number;
  targets: Targets;
  rows: Record<string, number>;
  generateMs: number;
  tables: TableReport[];
  rollupKeys: number;
  analyzeMs: number;
  totalMs: number;
  webhooksSince: string | null;
  validationSince: string | null;
  futureRows: number;
}

const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const rate = (rows: number, ms: number) => `${Math.round(rows / (ms / 1000)).toLocaleString('en')} rows/s`;

/** The `scale_data` marker: refuses a second run unless forced; returns this run's number. */
async function claim(
  db: Database,
  opts: ScaleOptions,
  seed: number,
  targets: Targets,
): Promise<{ run: number; runs: unknown[] }> {
  const [marker] = await db.select().from(settings).where(eq(settings.key, MARKER));
  const runs = ((marker?.value as { runs?: unknown[] } | undefined)?.runs ?? []) as unknown[];
  if (marker && !opts.force) {
    const last = runs.at(-1) as { status?: string; startedAt?: string } | undefined;
    throw new ScaleRefused(
      `Scale data was already loaded into this database (settings '${MARKER}': ${runs.length} run(s), the last started ${last?.startedAt ?? '?'}: ${last?.status ?? 'unknown'}). ` +
        `Run again with --force to add another ${targets.transactions.toLocaleString('en')} transactions on top.`,
    );
  }
  const entry = {
    run: runs.length + 1,
    seed,
    scale: opts.scale,
    targets,
    startedAt: new Date().toISOString(),
    status: 'loading',
  };
  const value = { runs: [...runs, entry] };
  await db
    .insert(settings)
    .values({ key: MARKER, value })
    .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: new Date() } });
  return { run: entry.run, runs: value.runs };
}

/**
 * People act in the stories (finance approves, support blocks and retries): the demo users. Missing ones are
 * created without a password (they cannot sign in yet); npm start / db:seed give them theirs as usual.
 */
async function ensureActors(db: Database): Promise<ActorIds> {
  for (const u of demoUsers) {
    await db.execute(
      sql`insert into users (email, name, role) select ${u.email}, ${u.name}, ${u.role} where not exists (select 1 from users where lower(email) = ${u.email})`,
    );
  }
  return ensureDemoUsers(db, undefined);
}

/** Reserves `n` api_calls ids in the table's own sequence, so the app's inserts never collide with them. */
async function reserveCallIds(pool: Pool, n: number): Promise<number> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    await client.query('lock table api_calls in share row exclusive mode');
    const res = await client.query<{ base: string }>(`
      select greatest(coalesce((select max(id) from api_calls), 0), coalesce(pg_sequence_last_value(pg_get_serial_sequence('api_calls', 'id')::regclass), 0)) + 1 as base`);
    const base = Number(res.rows[0]!.base);
    await client.query(`select setval(pg_get_serial_sequence('api_calls', 'id'), $1, true)`, [base + n - 1]);
    await client.query('commit');
    return base;
  } catch (error) {
    await client.query('rollback').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

export async function seedScale(db: Database, pool: Pool, opts: ScaleOptions): Promise<ScaleReport> {
  const log = opts.log ?? (() => {});
  const started = performance.now();
  const now = (opts.now ?? new Date()).getTime();
  const seed = opts.seed ?? randomInt(1, 2 ** 31 - 1);
  const targets = targetsFor(opts.scale);
  const { run } = await claim(db, opts, seed, targets);
  log(
    `Run ${run} (seed ${seed}): ${targets.documents.toLocaleString('en')} documents, ${targets.transactions.toLocaleString('en')} transactions, ${targets.webhooks.toLocaleString('en')} webhook deliveries, ${targets.apiCalls.toLocaleString('en')} API calls.`,
  );

  const actors = await ensureActors(db);
  const companies = scaleCompanies();
  const vendorIds = await ensureVendors(db, companies, now, actors.finance);
  const parties = partiesOf(companies, vendorIds);
  const callBase = await reserveCallIds(pool, targets.apiCalls);
  const dir = mkdtempSync(path.join(tmpdir(), 'invoice-ops-scale-'));
  const ctx = new ScaleContext(now, actors, seed);
  const sink = new Sink(dir, callBase, now);
  const source = (seq: number, t: number) =>
    `SRC-${new Date(t).getUTCFullYear()}-${run}${String(seq).padStart(7, '0')}`;
  const tables: TableReport[] = [];
  const client = await pool.connect();
  const load = async (
    spool: { format: { table: string; columns: string[] }; rows: number; read: () => Readable },
    on: PoolClient = client,
  ) => {
    const res = await copyInto(on, spool.format.table, spool.format.columns, spool.read());
    tables.push({ table: spool.format.table, rows: spool.rows, ...res });
    const trigger = res.triggerMs === null ? '' : `, rollup trigger ${secs(res.triggerMs)}`;
    log(
      `  ${spool.format.table.padEnd(19)} ${spool.rows.toLocaleString('en').padStart(10)} rows  ${secs(res.ms).padStart(7)}  ${rate(spool.rows, res.ms)}  ${(res.bytes / 2 ** 20).toFixed(0)} MiB${trigger}`,
    );
  };

  try {
    // 1. Documents, in time order, each told as one story: the document, its fields, its sends, calls, webhooks,
    //    timeline and the people's audit rows.
    const t0 = performance.now();
    const plans = planDocuments(targets.documents, now, seed ^ 0x5eed);
    const rng = new Rng(seed ^ 0xd0c5);
    let docTxns = 0;
    for (let i = 0; i < targets.documents; i++) {
      const kind = kindName(plans.kinds[i]!);
      let createdAt = plans.times[i]!;
      // A story whose random waits would run past "now" is told again, started that much earlier.
      for (let attempt = 0; ; attempt++) {
        const plan = docPlan(rng, kind, createdAt, now);
        ctx.clock = plan.createdAt;
        tellDocument(ctx, rng, parties, plan, source(targets.transactions + 1 + i, plan.createdAt));
        const over = ctx.data.timelineEvents.reduce((m, e) => Math.max(m, e.createdAt!.getTime()), 0) - now;
        if (over <= 0 || attempt === 3) break;
        ctx.reset();
        createdAt -= over + 1_000;
      }
      docTxns += ctx.data.transactions.length;
      sink.flushStory(ctx);
      if (i % 1_000 === 999) await sink.ready();
      if (i % Math.max(1, Math.round(targets.documents / 5)) === 0 && i > 0)
        log(`  … ${i.toLocaleString('en')} documents told (${secs(performance.now() - t0)})`);
    }
    const docRows = { webhooks: sink.webhooks.rows, apiCalls: sink.calls.rows };
    const inbound = Math.round(targets.transactions * 0.2);
    const outbound = targets.transactions - inbound - docTxns;
    if (outbound < 0)
      throw new Error(
        `the documents alone produced ${docTxns} transactions, more than the ${targets.transactions} wanted`,
      );
    const history = planHistory(now, outbound, inbound, parties.suppliers.length, seed ^ 0x415);
    const budget = planBudget(targets, docRows, history);
    await Promise.all([sink.documents.close(), sink.fields.close(), sink.audit.close()]);
    log(
      `Documents told in ${secs(performance.now() - t0)}: ${docTxns.toLocaleString('en')} of their sends, ${docRows.apiCalls.toLocaleString('en')} calls, ${docRows.webhooks.toLocaleString('en')} webhooks.`,
    );
    const webhooksSince = Number.isFinite(budget.webhooksFrom) ? new Date(budget.webhooksFrom) : null;
    const validationSince =
      budget.validateFromIndex < outbound ? new Date(history.outTimes[budget.validateFromIndex]!) : null;
    log(
      `Without documents: ${outbound.toLocaleString('en')} older sends, ${inbound.toLocaleString('en')} inbound invoices; GoRoute webhooks since ${webhooksSince?.toISOString().slice(0, 10) ?? 'never'}, pre-send validation since ${validationSince?.toISOString().slice(0, 10) ?? 'never'}; ${budget.strayWebhooks.toLocaleString('en')} stray webhooks, ${budget.strayCalls.toLocaleString('en')} stray calls.`,
    );

    // 2. Documents and fields load while the transactions without documents are generated.
    log('Loading (COPY):');
    const generateRest = (async () => {
      await writeTransactions(
        ctx,
        sink,
        parties,
        history,
        { webhooksFrom: budget.webhooksFrom, validateFromIndex: budget.validateFromIndex },
        (j, t) => source(1 + j, t),
        seed ^ 0x7a5,
      );
      await writeStrayWebhooks(
        ctx,
        sink,
        budget.strayWebhooks,
        Math.min(budget.webhooksFrom, now - 90 * DAY),
        seed ^ 0x3b,
      );
      await writeStrayCalls(ctx, sink, parties, budget.strayCalls, seed ^ 0xca11);
      await sink.close();
    })();
    generateRest.catch(() => {}); // awaited below; a load failing first must not leave it unhandled
    await load(sink.documents);
    await load(sink.fields);
    await generateRest;
    const generateMs = performance.now() - t0;
    log(
      `  (generation finished after ${secs(generateMs)}, RSS ${Math.round(process.memoryUsage.rss() / 2 ** 20)} MiB)`,
    );

    // 3. Everything that points at transactions.
    // Webhooks, calls and timeline only point at documents and transactions: two more connections load them side
    // by side (the generator is done, so the database has the cores to itself).
    await load(sink.transactions);
    const extra = [await pool.connect(), await pool.connect()];
    try {
      await Promise.all([
        load(sink.webhooks).then(() => load(sink.audit)),
        load(sink.calls, extra[0]),
        load(sink.timeline, extra[1]),
      ]);
    } finally {
      for (const c of extra) c.release();
    }

    const rollupKeys = (await Rollups.triggerCountsValidation(client)) ? 0 : await sink.rollups.write(client);
    // The reserved block is used exactly; this only guards against a miscount.
    for (const table of ['api_calls', 'timeline_events', 'audit_log']) {
      await client.query(
        `select setval(pg_get_serial_sequence($1, 'id'), greatest((select coalesce(max(id), 1) from ${table}), coalesce(pg_sequence_last_value(pg_get_serial_sequence($1, 'id')::regclass), 1)))`,
        [table],
      );
    }
    const a0 = performance.now();
    // The loads' triggers appended rollup deltas; fold them now, so the first reader does not sum them.
    await client.query('select fold_metric_rollups()');
    await client.query(
      'analyze vendors, documents, extracted_fields, transactions, webhook_deliveries, api_calls, timeline_events, audit_log, metric_rollups',
    );
    const analyzeMs = performance.now() - a0;
    const rows = Object.fromEntries(tables.map((t) => [t.table, t.rows]));
    const totalMs = performance.now() - started;
    const total = tables.reduce((s, t) => s + t.rows, 0);
    log(`metric_rollups: ${rollupKeys.toLocaleString('en')} validation-rule keys added; ANALYZE ${secs(analyzeMs)}.`);
    log(`Done: ${total.toLocaleString('en')} rows in ${secs(totalMs)} (${rate(total, totalMs)} overall).`);
    if (sink.future > 0) log(`Warning: ${sink.future} timeline rows are stamped after now.`);

    const report: ScaleReport = {
      run,
      seed,
      targets,
      rows,
      generateMs,
      tables,
      rollupKeys,
      analyzeMs,
      totalMs,
      webhooksSince: webhooksSince?.toISOString() ?? null,
      validationSince: validationSince?.toISOString() ?? null,
      futureRows: sink.future,
    };
    await client.query(
      `update settings set value = jsonb_set(value, array['runs', (jsonb_array_length(value->'runs') - 1)::text], (value->'runs'->-1) || $1::jsonb), updated_at = now() where key = $2`,
      [
        JSON.stringify({
          status: 'complete',
          finishedAt: new Date().toISOString(),
          rows,
          totalSeconds: Math.round(totalMs / 100) / 10,
        }),
        MARKER,
      ],
    );
    return report;
  } finally {
    client.release();
    rmSync(dir, { recursive: true, force: true });
  }
}

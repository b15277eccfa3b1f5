import { sql } from 'drizzle-orm';
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { Database } from '@/db/client';
import { apiHistograms, rollupTotals } from '@/db/queries/rollups';
import { extractionOutcome } from '@/db/queries/golive';
import { countPendingTooLong } from '@/db/queries/pending';
import { LATENCY_BOUNDS_MS } from '../histogram';

// This process's own runtime (heap, event loop, GC): per process by nature, labelled with its pid.
const processRegistry = new Registry();
collectDefaultMetrics({ register: processRegistry, prefix: 'invoice_ops_app_' });

const split = (dims: string) => dims.split('|');
const outcome = (status: string) => (/^2\d\d$/.test(status) ? 'success' : 'error');

/**
 * Prometheus text for /api/metrics. Counters come from metric_rollups, which every app and worker
 * process feeds through the same database (triggers), so a scrape of any one instance is the whole
 * system's truth, survives restarts, and never double counts across instances.
 */
export async function renderPrometheus(db: Database): Promise<{ body: string; contentType: string }> {
  const [totals, histograms, queues, pending, alerts] = await Promise.all([
    rollupTotals(db, ['api_call', 'webhook', 'webhook_duplicate', 'txn_created', 'validation_error', 'doc_state']),
    apiHistograms(db),
    queueDepth(db),
    countPendingTooLong(db),
    db.execute<{ rule: string; n: string }>(
      sql`select rule, count(*) as n from alerts where status <> 'resolved' group by rule`,
    ),
  ]);
  const reg = new Registry();
  const counter = (name: string, help: string, labelNames: string[]) =>
    new Counter({ name, help, labelNames, registers: [reg] });
  const of = (metric: string) => totals.filter((t) => t.metric === metric);

  for (const provider of ['goroute', 'exdata'] as const) {
    const requests = counter(
      `${provider}_requests_total`,
      `${provider} API requests by operation and outcome (success = 2xx).`,
      ['operation', 'status', 'http_status'],
    );
    for (const t of of('api_call')) {
      const [p, operation, http] = split(t.dims);
      if (p === provider) requests.inc({ operation, status: outcome(http!), http_status: http }, t.count);
    }
    reg.registerMetric(
      durationHistogram(
        `${provider}_request_duration_seconds`,
        `${provider} API request duration.`,
        histograms.filter((h) => split(h.dims)[0] === provider),
      ),
    );
    const hooks = counter(
      `${provider}_webhook_deliveries_total`,
      `Webhook requests from ${provider} by event and signature result (rejected ones included).`,
      ['event', 'signature'],
    );
    for (const t of of('webhook')) {
      const [p, event, signature] = split(t.dims);
      if (p === provider) hooks.inc({ event, signature }, t.count);
    }
    const dups = counter(
      `${provider}_webhook_duplicates_total`,
      `Redeliveries of a ${provider} delivery ID already stored (acknowledged, not processed again).`,
      ['event'],
    );
    for (const t of of('webhook_duplicate')) {
      const [p, event] = split(t.dims);
      if (p === provider) dups.inc({ event }, t.count);
    }
  }

  const sumWhere = (metric: string, match: (d: string[]) => boolean) =>
    of(metric)
      .filter((t) => match(split(t.dims)))
      .reduce((s, t) => s + t.count, 0);
  counter('goroute_documents_sent_total', 'Documents GoRoute accepted for sending.', []).inc(
    sumWhere('api_call', ([p, op, s]) => p === 'goroute' && op === 'documents.send' && outcome(s!) === 'success'),
  );
  const received = counter('goroute_documents_received_total', 'Documents received over Peppol through GoRoute.', [
    'document_type',
  ]);
  for (const t of of('txn_created')) {
    const [direction, type] = split(t.dims);
    if (direction === 'inbound') received.inc({ document_type: type }, t.count);
  }
  const rules = counter(
    'goroute_validation_errors_total',
    'Validation errors on outbound invoices, by rule (pre-send or GoRoute).',
    ['rule'],
  );
  for (const t of of('validation_error')) rules.inc({ rule: t.dims }, t.count);
  counter('exdata_documents_uploaded_total', 'Documents exdata accepted for extraction.', []).inc(
    sumWhere('api_call', ([p, op, s]) => p === 'exdata' && op === 'documents.upload' && outcome(s!) === 'success'),
  );
  const extractions = counter('exdata_extractions_total', 'Extraction runs that ended, by result.', ['result']);
  extractions.inc(
    { result: 'completed' },
    sumWhere('doc_state', ([from, to]) => extractionOutcome(from ?? '', to ?? '') === 'completed'),
  );
  extractions.inc(
    { result: 'error' },
    sumWhere('doc_state', ([from, to]) => extractionOutcome(from ?? '', to ?? '') === 'errors'),
  );
  counter('exdata_insufficient_credits_total', 'exdata 402 answers (uploads pause until credits are back).', []).inc(
    sumWhere('api_call', ([p, , s]) => p === 'exdata' && s === '402'),
  );

  const depth = new Gauge({
    name: 'invoice_ops_queue_depth',
    help: 'Jobs waiting or running per queue (a webhook-process job holds the deliveries of one group commit).',
    labelNames: ['queue', 'state'],
    registers: [reg],
  });
  for (const q of queues) depth.set({ queue: q.name, state: q.state }, q.n);
  const stuck = new Gauge({
    name: 'invoice_ops_pending_too_long',
    help: 'Items past their pending window (Settings), by whom they wait on: exdata, GoRoute, or finance review.',
    labelNames: ['provider'],
    registers: [reg],
  });
  stuck.set({ provider: 'exdata' }, pending.exdata);
  stuck.set({ provider: 'goroute' }, pending.goroute);
  stuck.set({ provider: 'review' }, pending.review);
  const open = new Gauge({
    name: 'invoice_ops_alerts_open',
    help: 'Alerts not yet resolved, by rule.',
    labelNames: ['rule'],
    registers: [reg],
  });
  for (const a of alerts.rows) open.set({ rule: a.rule }, Number(a.n));

  const merged = Registry.merge([reg, processRegistry]);
  return { body: await merged.metrics(), contentType: merged.contentType };
}

async function queueDepth(db: Database) {
  const res = await db.execute<{ name: string; state: string; n: string }>(
    sql`select name, state::text as state, count(*) as n from pgboss.job where state in ('created', 'retry', 'active') group by 1, 2`,
  );
  return res.rows.map((r) => ({ name: r.name, state: r.state, n: Number(r.n) }));
}

/** A histogram from pre-counted buckets, in the shape prom-client's registry prints. */
function durationHistogram(
  name: string,
  help: string,
  rows: { dims: string; hist: number[]; count: number; sum: number }[],
) {
  const byOperation = new Map<string, { hist: number[]; count: number; sum: number }>();
  for (const r of rows) {
    const op = split(r.dims)[1]!;
    const acc = byOperation.get(op) ?? { hist: [], count: 0, sum: 0 };
    acc.hist = LATENCY_BOUNDS_MS.map((_, i) => (acc.hist[i] ?? 0) + (r.hist[i] ?? 0)).concat(
      (acc.hist[LATENCY_BOUNDS_MS.length] ?? 0) + (r.hist[LATENCY_BOUNDS_MS.length] ?? 0),
    );
    acc.count += r.count;
    acc.sum += r.sum;
    byOperation.set(op, acc);
  }
  const values: { metricName: string; labels: Record<string, string | number>; value: number }[] = [];
  for (const [operation, h] of byOperation) {
    let cumulative = 0;
    LATENCY_BOUNDS_MS.forEach((bound, i) => {
      cumulative += h.hist[i] ?? 0;
      values.push({ metricName: `${name}_bucket`, labels: { operation, le: bound / 1000 }, value: cumulative });
    });
    values.push({ metricName: `${name}_bucket`, labels: { operation, le: '+Inf' }, value: h.count });
    values.push({ metricName: `${name}_sum`, labels: { operation }, value: h.sum });
    values.push({ metricName: `${name}_count`, labels: { operation }, value: h.count });
  }
  return {
    name,
    help,
    type: 'histogram',
    aggregator: 'sum',
    get: async () => ({ name, help, type: 'histogram', aggregator: 'sum', values }),
  } as unknown as Counter;
}

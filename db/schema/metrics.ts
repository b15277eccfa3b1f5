import { bigint, doublePrecision, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Hourly rollups kept by statement-level triggers on api_calls, webhook_deliveries, transactions and
 * documents (migration 0005). The dashboard and /api/metrics read these instead of scanning raw tables,
 * and because every process writes through the same database the figures are right however many app
 * and worker processes run. Never purged: Prometheus counters must not go down.
 *
 * metric / dims ('|'-joined):
 *   api_call          provider|operation|http_status ('none' without a response); sum = seconds; hist = latency buckets
 *   webhook           provider|event_type|signature_result          (one per delivery received)
 *   webhook_duplicate provider|event_type                           (redeliveries of an ID already stored)
 *   txn_created       direction|document_type
 *   txn_status        direction|status|error_category               (each move into a status)
 *   validation_error  rule                                          (per rule of a validation failure)
 *   doc_state         from_state|state|error_code                   (each move into a pipeline state; from '' on
 * insert)
 */
export const metricRollups = pgTable(
  'metric_rollups',
  {
    metric: text().notNull(),
    bucket: timestamp({ withTimezone: true }).notNull(),
    dims: text().notNull(),
    count: bigint({ mode: 'number' }).notNull().default(0),
    sum: doublePrecision().notNull().default(0),
    // Non-cumulative counts per latency bucket, upper bounds in lib/metrics/buckets.ts (last = +Inf).
    hist: integer().array(),
  },
  (t) => [primaryKey({ columns: [t.metric, t.bucket, t.dims] })],
);

/**
 * What the triggers add, appended without a lock on any shared row: with upserts straight into
 * metric_rollups, every send's and webhook's transaction held the same hot rollup row until it committed,
 * so concurrent work queued on it. The worker folds these into metric_rollups every few seconds
 * (fold_metric_rollups(), migration 0008); readers read both through the view metric_rollups_all.
 */
export const metricRollupDeltas = pgTable('metric_rollup_deltas', {
  metric: text().notNull(),
  bucket: timestamp({ withTimezone: true }).notNull(),
  dims: text().notNull(),
  count: bigint({ mode: 'number' }).notNull().default(0),
  sum: doublePrecision().notNull().default(0),
  hist: integer().array(),
});

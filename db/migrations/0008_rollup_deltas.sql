CREATE TABLE "metric_rollup_deltas" (
	"metric" text NOT NULL,
	"bucket" timestamp with time zone NOT NULL,
	"dims" text NOT NULL,
	"count" bigint DEFAULT 0 NOT NULL,
	"sum" double precision DEFAULT 0 NOT NULL,
	"hist" integer[]
);
--> statement-breakpoint
-- The rollup triggers of 0005 now append to metric_rollup_deltas instead of upserting into metric_rollups:
-- an upsert locks its rollup row until the writing transaction commits, and every concurrent send or webhook
-- of the same kind in the same hour wanted the same row (a bulk retry queued behind it). Same figures, no lock.
CREATE OR REPLACE FUNCTION rollup_api_calls() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO metric_rollup_deltas (metric, bucket, dims, count, sum, hist)
  SELECT 'api_call', date_trunc('hour', created_at, 'UTC'), provider || '|' || operation || '|' || coalesce(http_status::text, 'none'),
         count(*), sum(duration_ms) / 1000.0,
         ARRAY[
           count(*) FILTER (WHERE duration_ms <= 25),
           count(*) FILTER (WHERE duration_ms > 25 AND duration_ms <= 50),
           count(*) FILTER (WHERE duration_ms > 50 AND duration_ms <= 100),
           count(*) FILTER (WHERE duration_ms > 100 AND duration_ms <= 250),
           count(*) FILTER (WHERE duration_ms > 250 AND duration_ms <= 500),
           count(*) FILTER (WHERE duration_ms > 500 AND duration_ms <= 1000),
           count(*) FILTER (WHERE duration_ms > 1000 AND duration_ms <= 2500),
           count(*) FILTER (WHERE duration_ms > 2500 AND duration_ms <= 5000),
           count(*) FILTER (WHERE duration_ms > 5000 AND duration_ms <= 10000),
           count(*) FILTER (WHERE duration_ms > 10000)
         ]::integer[]
  FROM new_rows GROUP BY 2, 3;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION rollup_webhooks_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO metric_rollup_deltas (metric, bucket, dims, count)
  SELECT 'webhook', date_trunc('hour', received_at, 'UTC'), provider || '|' || coalesce(event_type, 'unknown') || '|' || signature_result, count(*)
  FROM new_rows GROUP BY 2, 3;
  -- Rows loaded with their redeliveries already counted (imports, COPY) bring those duplicates along.
  INSERT INTO metric_rollup_deltas (metric, bucket, dims, count)
  SELECT 'webhook_duplicate', date_trunc('hour', coalesce(last_duplicate_at, received_at), 'UTC'), provider || '|' || coalesce(event_type, 'unknown'), sum(duplicate_count)
  FROM new_rows WHERE duplicate_count > 0 GROUP BY 2, 3;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION rollup_webhooks_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO metric_rollup_deltas (metric, bucket, dims, count)
  SELECT 'webhook_duplicate', date_trunc('hour', coalesce(n.last_duplicate_at, now()), 'UTC'), n.provider || '|' || coalesce(n.event_type, 'unknown'), sum(n.duplicate_count - o.duplicate_count)
  FROM new_rows n JOIN old_rows o ON o.id = n.id
  WHERE n.duplicate_count > o.duplicate_count
  GROUP BY 2, 3;
  INSERT INTO metric_rollup_deltas (metric, bucket, dims, count, sum)
  SELECT 'webhook_result', date_trunc('hour', coalesce(n.processed_at, now()), 'UTC'), n.provider || '|' || n.processing_result, count(*), coalesce(sum(n.processing_latency_ms), 0) / 1000.0
  FROM new_rows n JOIN old_rows o ON o.id = n.id
  WHERE n.processing_result IS DISTINCT FROM o.processing_result AND n.processing_result <> 'queued'
  GROUP BY 2, 3;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION rollup_transactions_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO metric_rollup_deltas (metric, bucket, dims, count)
  SELECT 'txn_created', date_trunc('hour', created_at, 'UTC'), direction || '|' || document_type, count(*)
  FROM new_rows GROUP BY 2, 3;
  INSERT INTO metric_rollup_deltas (metric, bucket, dims, count)
  SELECT 'txn_status', date_trunc('hour', status_changed_at, 'UTC'), direction || '|' || status || '|' || coalesce(last_error_category::text, ''), count(*)
  FROM new_rows GROUP BY 2, 3;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION rollup_transactions_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO metric_rollup_deltas (metric, bucket, dims, count)
  SELECT 'txn_status', date_trunc('hour', n.status_changed_at, 'UTC'), n.direction || '|' || n.status || '|' || coalesce(n.last_error_category::text, ''), count(*)
  FROM new_rows n JOIN old_rows o ON o.id = n.id
  WHERE n.status IS DISTINCT FROM o.status OR (n.status = 'failed' AND n.attempts > o.attempts)
  GROUP BY 2, 3;
  INSERT INTO metric_rollup_deltas (metric, bucket, dims, count)
  SELECT 'validation_error', date_trunc('hour', n.status_changed_at, 'UTC'), coalesce(d ->> 'rule', 'unknown'), count(*)
  FROM new_rows n JOIN old_rows o ON o.id = n.id
  CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(n.last_error_details) = 'array' THEN n.last_error_details ELSE '[]'::jsonb END) AS d
  WHERE n.last_error_category = 'validation' AND (n.status IS DISTINCT FROM o.status OR n.attempts > o.attempts)
  GROUP BY 2, 3;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION rollup_documents_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO metric_rollup_deltas (metric, bucket, dims, count)
  SELECT 'doc_state', date_trunc('hour', state_changed_at, 'UTC'), '|' || pipeline_state || '|' || coalesce(last_error_code, ''), count(*)
  FROM new_rows GROUP BY 2, 3;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION rollup_documents_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO metric_rollup_deltas (metric, bucket, dims, count)
  SELECT 'doc_state', date_trunc('hour', n.state_changed_at, 'UTC'), o.pipeline_state || '|' || n.pipeline_state || '|' || coalesce(n.last_error_code, ''), count(*)
  FROM new_rows n JOIN old_rows o ON o.id = n.id
  WHERE n.pipeline_state IS DISTINCT FROM o.pipeline_state
  GROUP BY 2, 3;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE AGGREGATE rollup_sum_arrays(integer[]) (SFUNC = rollup_add_arrays, STYPE = integer[]);
--> statement-breakpoint
-- Moves every delta into metric_rollups, one upsert per key in key order (two folds at once neither deadlock nor
-- count a delta twice: a row one DELETE took is gone for the other). Returns how many deltas it folded.
CREATE FUNCTION fold_metric_rollups() RETURNS bigint LANGUAGE sql AS $$
  WITH moved AS (DELETE FROM metric_rollup_deltas RETURNING *),
  summed AS (
    SELECT metric, bucket, dims, sum(count)::bigint AS count, sum(sum) AS sum, rollup_sum_arrays(hist) AS hist, count(*) AS n
    FROM moved GROUP BY metric, bucket, dims
  ),
  upsert AS (
    INSERT INTO metric_rollups (metric, bucket, dims, count, sum, hist)
    SELECT metric, bucket, dims, count, sum, hist FROM summed ORDER BY metric, bucket, dims
    ON CONFLICT (metric, bucket, dims) DO UPDATE
      SET count = metric_rollups.count + excluded.count, sum = metric_rollups.sum + excluded.sum, hist = rollup_add_arrays(metric_rollups.hist, excluded.hist)
  )
  -- A data-modifying WITH runs to completion whether or not the outer query reads it.
  SELECT coalesce(sum(n), 0)::bigint FROM summed
$$;
--> statement-breakpoint
-- What readers query: the folded rollups and the deltas not folded yet (a few seconds' worth while a worker runs).
CREATE VIEW metric_rollups_all AS
  SELECT metric, bucket, dims, count, sum, hist FROM metric_rollups
  UNION ALL
  SELECT metric, bucket, dims, count, sum, hist FROM metric_rollup_deltas;


-- Hourly rollups (UTC hours, whatever the session's time zone) for the go-live dashboard and /api/metrics (see db/schema/metrics.ts).
-- Statement-level triggers with transition tables: one upsert per statement and key, not one per row,
-- so a batched insert (seed, COPY, group-committed webhooks) costs one rollup write. Keys are upserted
-- in a fixed order so concurrent statements lock rollup rows in the same order (no deadlocks).

CREATE FUNCTION rollup_add_arrays(a integer[], b integer[]) RETURNS integer[] LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN a IS NULL THEN b WHEN b IS NULL THEN a ELSE
    ARRAY(SELECT coalesce(x, 0) + coalesce(y, 0) FROM unnest(a, b) WITH ORDINALITY AS u(x, y, i) ORDER BY i) END
$$;
--> statement-breakpoint
-- Latency histogram: non-cumulative counts for <= 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000 ms, and above.
CREATE FUNCTION rollup_api_calls() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO metric_rollups (metric, bucket, dims, count, sum, hist)
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
  FROM new_rows GROUP BY 2, 3 ORDER BY 2, 3
  ON CONFLICT (metric, bucket, dims) DO UPDATE
    SET count = metric_rollups.count + excluded.count, sum = metric_rollups.sum + excluded.sum, hist = rollup_add_arrays(metric_rollups.hist, excluded.hist);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER api_calls_rollup AFTER INSERT ON api_calls REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_api_calls();
--> statement-breakpoint
CREATE FUNCTION rollup_webhooks_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO metric_rollups (metric, bucket, dims, count)
  SELECT 'webhook', date_trunc('hour', received_at, 'UTC'), provider || '|' || coalesce(event_type, 'unknown') || '|' || signature_result, count(*)
  FROM new_rows GROUP BY 2, 3 ORDER BY 2, 3
  ON CONFLICT (metric, bucket, dims) DO UPDATE SET count = metric_rollups.count + excluded.count;
  -- Rows loaded with their redeliveries already counted (imports, COPY) bring those duplicates along.
  INSERT INTO metric_rollups (metric, bucket, dims, count)
  SELECT 'webhook_duplicate', date_trunc('hour', coalesce(last_duplicate_at, received_at), 'UTC'), provider || '|' || coalesce(event_type, 'unknown'), sum(duplicate_count)
  FROM new_rows WHERE duplicate_count > 0 GROUP BY 2, 3 ORDER BY 2, 3
  ON CONFLICT (metric, bucket, dims) DO UPDATE SET count = metric_rollups.count + excluded.count;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER webhook_deliveries_rollup_insert AFTER INSERT ON webhook_deliveries REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_webhooks_insert();
--> statement-breakpoint
-- Redeliveries bump duplicate_count on the stored row; processing ends with a result and a latency.
CREATE FUNCTION rollup_webhooks_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO metric_rollups (metric, bucket, dims, count)
  SELECT 'webhook_duplicate', date_trunc('hour', coalesce(n.last_duplicate_at, now()), 'UTC'), n.provider || '|' || coalesce(n.event_type, 'unknown'), sum(n.duplicate_count - o.duplicate_count)
  FROM new_rows n JOIN old_rows o ON o.id = n.id
  WHERE n.duplicate_count > o.duplicate_count
  GROUP BY 2, 3 ORDER BY 2, 3
  ON CONFLICT (metric, bucket, dims) DO UPDATE SET count = metric_rollups.count + excluded.count;
  INSERT INTO metric_rollups (metric, bucket, dims, count, sum)
  SELECT 'webhook_result', date_trunc('hour', coalesce(n.processed_at, now()), 'UTC'), n.provider || '|' || n.processing_result, count(*), coalesce(sum(n.processing_latency_ms), 0) / 1000.0
  FROM new_rows n JOIN old_rows o ON o.id = n.id
  WHERE n.processing_result IS DISTINCT FROM o.processing_result AND n.processing_result <> 'queued'
  GROUP BY 2, 3 ORDER BY 2, 3
  ON CONFLICT (metric, bucket, dims) DO UPDATE SET count = metric_rollups.count + excluded.count, sum = metric_rollups.sum + excluded.sum;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER webhook_deliveries_rollup_update AFTER UPDATE ON webhook_deliveries REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_webhooks_update();
--> statement-breakpoint
CREATE FUNCTION rollup_transactions_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO metric_rollups (metric, bucket, dims, count)
  SELECT 'txn_created', date_trunc('hour', created_at, 'UTC'), direction || '|' || document_type, count(*)
  FROM new_rows GROUP BY 2, 3 ORDER BY 2, 3
  ON CONFLICT (metric, bucket, dims) DO UPDATE SET count = metric_rollups.count + excluded.count;
  INSERT INTO metric_rollups (metric, bucket, dims, count)
  SELECT 'txn_status', date_trunc('hour', status_changed_at, 'UTC'), direction || '|' || status || '|' || coalesce(last_error_category::text, ''), count(*)
  FROM new_rows GROUP BY 2, 3 ORDER BY 2, 3
  ON CONFLICT (metric, bucket, dims) DO UPDATE SET count = metric_rollups.count + excluded.count;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER transactions_rollup_insert AFTER INSERT ON transactions REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_transactions_insert();
--> statement-breakpoint
-- A move into a status counts once; so does each further failed attempt (failed → failed with attempts + 1).
CREATE FUNCTION rollup_transactions_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO metric_rollups (metric, bucket, dims, count)
  SELECT 'txn_status', date_trunc('hour', n.status_changed_at, 'UTC'), n.direction || '|' || n.status || '|' || coalesce(n.last_error_category::text, ''), count(*)
  FROM new_rows n JOIN old_rows o ON o.id = n.id
  WHERE n.status IS DISTINCT FROM o.status OR (n.status = 'failed' AND n.attempts > o.attempts)
  GROUP BY 2, 3 ORDER BY 2, 3
  ON CONFLICT (metric, bucket, dims) DO UPDATE SET count = metric_rollups.count + excluded.count;
  INSERT INTO metric_rollups (metric, bucket, dims, count)
  SELECT 'validation_error', date_trunc('hour', n.status_changed_at, 'UTC'), coalesce(d ->> 'rule', 'unknown'), count(*)
  FROM new_rows n JOIN old_rows o ON o.id = n.id
  CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(n.last_error_details) = 'array' THEN n.last_error_details ELSE '[]'::jsonb END) AS d
  WHERE n.last_error_category = 'validation' AND (n.status IS DISTINCT FROM o.status OR n.attempts > o.attempts)
  GROUP BY 2, 3 ORDER BY 2, 3
  ON CONFLICT (metric, bucket, dims) DO UPDATE SET count = metric_rollups.count + excluded.count;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER transactions_rollup_update AFTER UPDATE ON transactions REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_transactions_update();
--> statement-breakpoint
CREATE FUNCTION rollup_documents_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO metric_rollups (metric, bucket, dims, count)
  SELECT 'doc_state', date_trunc('hour', state_changed_at, 'UTC'), '|' || pipeline_state || '|' || coalesce(last_error_code, ''), count(*)
  FROM new_rows GROUP BY 2, 3 ORDER BY 2, 3
  ON CONFLICT (metric, bucket, dims) DO UPDATE SET count = metric_rollups.count + excluded.count;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER documents_rollup_insert AFTER INSERT ON documents REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_documents_insert();
--> statement-breakpoint
CREATE FUNCTION rollup_documents_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO metric_rollups (metric, bucket, dims, count)
  SELECT 'doc_state', date_trunc('hour', n.state_changed_at, 'UTC'), o.pipeline_state || '|' || n.pipeline_state || '|' || coalesce(n.last_error_code, ''), count(*)
  FROM new_rows n JOIN old_rows o ON o.id = n.id
  WHERE n.pipeline_state IS DISTINCT FROM o.pipeline_state
  GROUP BY 2, 3 ORDER BY 2, 3
  ON CONFLICT (metric, bucket, dims) DO UPDATE SET count = metric_rollups.count + excluded.count;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER documents_rollup_update AFTER UPDATE ON documents REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_documents_update();
--> statement-breakpoint
-- Backfill from rows already stored (a database upgraded from an earlier version): their current state, once.
INSERT INTO metric_rollups (metric, bucket, dims, count, sum, hist)
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
  FROM api_calls GROUP BY 2, 3 ORDER BY 2, 3
  ON CONFLICT (metric, bucket, dims) DO UPDATE
    SET count = metric_rollups.count + excluded.count, sum = metric_rollups.sum + excluded.sum, hist = rollup_add_arrays(metric_rollups.hist, excluded.hist);
--> statement-breakpoint
INSERT INTO metric_rollups (metric, bucket, dims, count)
  SELECT 'webhook', date_trunc('hour', received_at, 'UTC'), provider || '|' || coalesce(event_type, 'unknown') || '|' || signature_result, count(*)
  FROM webhook_deliveries GROUP BY 2, 3 ORDER BY 2, 3
  ON CONFLICT (metric, bucket, dims) DO UPDATE SET count = metric_rollups.count + excluded.count;
--> statement-breakpoint
INSERT INTO metric_rollups (metric, bucket, dims, count)
  SELECT 'webhook_duplicate', date_trunc('hour', coalesce(last_duplicate_at, received_at), 'UTC'), provider || '|' || coalesce(event_type, 'unknown'), sum(duplicate_count)
  FROM webhook_deliveries WHERE duplicate_count > 0 GROUP BY 2, 3 ORDER BY 2, 3
  ON CONFLICT (metric, bucket, dims) DO UPDATE SET count = metric_rollups.count + excluded.count;
--> statement-breakpoint
INSERT INTO metric_rollups (metric, bucket, dims, count)
  SELECT 'txn_created', date_trunc('hour', created_at, 'UTC'), direction || '|' || document_type, count(*)
  FROM transactions GROUP BY 2, 3 ORDER BY 2, 3
  ON CONFLICT (metric, bucket, dims) DO UPDATE SET count = metric_rollups.count + excluded.count;
--> statement-breakpoint
INSERT INTO metric_rollups (metric, bucket, dims, count)
  SELECT 'txn_status', date_trunc('hour', status_changed_at, 'UTC'), direction || '|' || status || '|' || coalesce(last_error_category::text, ''), count(*)
  FROM transactions GROUP BY 2, 3 ORDER BY 2, 3
  ON CONFLICT (metric, bucket, dims) DO UPDATE SET count = metric_rollups.count + excluded.count;
--> statement-breakpoint
INSERT INTO metric_rollups (metric, bucket, dims, count)
  SELECT 'doc_state', date_trunc('hour', state_changed_at, 'UTC'), '|' || pipeline_state || '|' || coalesce(last_error_code, ''), count(*)
  FROM documents GROUP BY 2, 3 ORDER BY 2, 3
  ON CONFLICT (metric, bucket, dims) DO UPDATE SET count = metric_rollups.count + excluded.count;

-- Deliveries reprocessed before reprocess_requested_at existed had their latency counted from first receipt
-- ("processing 33633161 ms"). The audit log knows when each reprocess was asked for: take the latest as the
-- request time, and measure the latency from it when processing came after it (otherwise it is not known).
WITH asked AS (
  SELECT target_id::uuid AS id, max(created_at) AS at
    FROM audit_log
   WHERE action = 'webhook.reprocess' AND target_type = 'webhook_delivery'
     AND target_id ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
   GROUP BY target_id
)
UPDATE webhook_deliveries w
   SET reprocess_requested_at = a.at,
       processing_latency_ms = CASE WHEN w.processed_at >= a.at THEN least(floor(extract(epoch FROM w.processed_at - a.at) * 1000), 2147483647)::int END
  FROM asked a
 WHERE w.id = a.id AND w.reprocess_requested_at IS NULL;

-- Live console (lib/live/): every statement that changes rows a page shows notifies the web processes on channel
-- invoice_ops_changes, once per statement, with the page topic and the changed rows' IDs, e.g.
--   {"topic":"transactions","ids":["<uuid>",…],"documentIds":["<uuid>",…]}
-- Each web process LISTENs on one connection and fans the change out to its browsers (Server-Sent Events), which
-- refresh the pages that show those rows.
-- Statement-level triggers with transition tables, like the rollups (0005): a batched write (a group commit of
-- webhooks, a bulk retry, COPY) costs one notification, not one per row; a statement that changed no row (a
-- conditional UPDATE that lost) costs none; and PostgreSQL folds identical notifications within a transaction.
-- What it costs the statements that write is in bench/live-notify-cost.ts and the README ("Choices, and why").
-- More than 50 rows, or a payload over 7,000 bytes, send {"topic":…,"ids":"all"} instead: the limit of a
-- notification is 8,000 bytes, and at 50 rows the payload is at most ~6 KB (a delivery's three arrays of 50 UUIDs).
-- Only IDs leave the database this way, never a row's content: pages read the rows themselves, with the reader's
-- permissions.

CREATE FUNCTION live_notify(topic text, n bigint, ids text[], document_ids text[], transaction_ids text[]) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  payload text;
BEGIN
  IF n = 0 THEN
    RETURN;
  END IF;
  IF n <= 50 THEN
    payload := json_strip_nulls(json_build_object(
      'topic', topic, 'ids', coalesce(ids, '{}'), 'documentIds', document_ids, 'transactionIds', transaction_ids))::text;
  END IF;
  IF payload IS NULL OR octet_length(payload) > 7000 THEN
    payload := json_build_object('topic', topic, 'ids', 'all')::text;
  END IF;
  PERFORM pg_notify('invoice_ops_changes', payload);
END $$;
--> statement-breakpoint
-- Each function reads at most 51 rows of its statement's transition table (`changed_rows`): enough to tell "at most
-- 50" from "more", so a COPY of a million rows costs what a statement of 51 does.
CREATE FUNCTION live_documents() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE n bigint; ids text[];
BEGIN
  SELECT count(*), array_agg(id::text) INTO n, ids FROM (SELECT id FROM changed_rows LIMIT 51) c;
  PERFORM live_notify('documents', n, ids, NULL, NULL);
  RETURN NULL;
END $$;
--> statement-breakpoint
-- A send names its document too, so the document's page hears about it.
CREATE FUNCTION live_transactions() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE n bigint; ids text[]; docs text[];
BEGIN
  SELECT count(*), array_agg(id::text), array_agg(DISTINCT document_id::text) FILTER (WHERE document_id IS NOT NULL)
    INTO n, ids, docs FROM (SELECT id, document_id FROM changed_rows LIMIT 51) c;
  PERFORM live_notify('transactions', n, ids, docs, NULL);
  RETURN NULL;
END $$;
--> statement-breakpoint
-- A delivery names the document and the transaction it was applied to (once processing has matched it).
CREATE FUNCTION live_webhook_deliveries() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE n bigint; ids text[]; docs text[]; txns text[];
BEGIN
  SELECT count(*), array_agg(id::text),
         array_agg(DISTINCT document_id::text) FILTER (WHERE document_id IS NOT NULL),
         array_agg(DISTINCT transaction_id::text) FILTER (WHERE transaction_id IS NOT NULL)
    INTO n, ids, docs, txns FROM (SELECT id, document_id, transaction_id FROM changed_rows LIMIT 51) c;
  PERFORM live_notify('webhooks', n, ids, docs, txns);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION live_alerts() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE n bigint; ids text[];
BEGIN
  SELECT count(*), array_agg(id::text) INTO n, ids FROM (SELECT id FROM changed_rows LIMIT 51) c;
  PERFORM live_notify('alerts', n, ids, NULL, NULL);
  RETURN NULL;
END $$;
--> statement-breakpoint
-- A notification attempt shows on its alert's row of /alerts: it is a change of that alert.
CREATE FUNCTION live_alert_notifications() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE n bigint; ids text[];
BEGIN
  SELECT count(*), array_agg(DISTINCT alert_id::text) INTO n, ids FROM (SELECT alert_id FROM changed_rows LIMIT 51) c;
  PERFORM live_notify('alerts', n, ids, NULL, NULL);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION live_audit_log() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE n bigint; ids text[];
BEGIN
  SELECT count(*), array_agg(id::text) INTO n, ids FROM (SELECT id FROM changed_rows LIMIT 51) c;
  PERFORM live_notify('audit', n, ids, NULL, NULL);
  RETURN NULL;
END $$;
--> statement-breakpoint
-- A trigger with a transition table takes one event, so INSERT, UPDATE and DELETE are separate triggers on one
-- function. DELETE only where a list would otherwise keep showing a row that is gone (documents, sends and
-- deliveries are deleted by the benchmarks' clean-up); alerts, their notifications and the audit log are never
-- deleted, and audit rows are never updated.
-- No trigger on timeline_events (nor api_calls): every provider request writes a timeline line in a statement of its
-- own, and a transaction that notifies commits only after the one before it that notified (PostgreSQL serialises
-- them on the notification queue's lock), so those would be hundreds of serialised commits a second at the rate
-- limit. A line that matters comes with a change of its document, send or delivery in the same transaction — whose
-- notification makes the page render again, timeline included. Measured in bench/live-notify-cost.ts.
CREATE TRIGGER documents_live_insert AFTER INSERT ON documents REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION live_documents();
--> statement-breakpoint
CREATE TRIGGER documents_live_update AFTER UPDATE ON documents REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION live_documents();
--> statement-breakpoint
CREATE TRIGGER documents_live_delete AFTER DELETE ON documents REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION live_documents();
--> statement-breakpoint
CREATE TRIGGER transactions_live_insert AFTER INSERT ON transactions REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION live_transactions();
--> statement-breakpoint
CREATE TRIGGER transactions_live_update AFTER UPDATE ON transactions REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION live_transactions();
--> statement-breakpoint
CREATE TRIGGER transactions_live_delete AFTER DELETE ON transactions REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION live_transactions();
--> statement-breakpoint
CREATE TRIGGER webhook_deliveries_live_insert AFTER INSERT ON webhook_deliveries REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION live_webhook_deliveries();
--> statement-breakpoint
CREATE TRIGGER webhook_deliveries_live_update AFTER UPDATE ON webhook_deliveries REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION live_webhook_deliveries();
--> statement-breakpoint
CREATE TRIGGER webhook_deliveries_live_delete AFTER DELETE ON webhook_deliveries REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION live_webhook_deliveries();
--> statement-breakpoint
CREATE TRIGGER alerts_live_insert AFTER INSERT ON alerts REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION live_alerts();
--> statement-breakpoint
CREATE TRIGGER alerts_live_update AFTER UPDATE ON alerts REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION live_alerts();
--> statement-breakpoint
CREATE TRIGGER alert_notifications_live_insert AFTER INSERT ON alert_notifications REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION live_alert_notifications();
--> statement-breakpoint
CREATE TRIGGER audit_log_live_insert AFTER INSERT ON audit_log REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION live_audit_log();

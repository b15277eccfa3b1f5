CREATE TYPE "public"."alert_rule" AS ENUM('pending_too_long', 'insufficient_credits', 'failure_rate', 'signature_failures', 'webhook_silence');--> statement-breakpoint
CREATE TYPE "public"."alert_severity" AS ENUM('info', 'warning', 'critical');--> statement-breakpoint
CREATE TYPE "public"."alert_status" AS ENUM('open', 'acknowledged', 'resolved');--> statement-breakpoint
CREATE TYPE "public"."audit_action" AS ENUM('auth.sign_in', 'document.retry', 'document.block', 'document.unblock', 'review.claim', 'review.approve', 'review.block', 'review.field_override', 'transaction.retry', 'transaction.resend', 'webhook.reprocess', 'settings.update', 'user.create', 'user.update', 'checklist.attest', 'alert.acknowledge', 'alert.resolve');--> statement-breakpoint
CREATE TYPE "public"."direction" AS ENUM('outbound', 'inbound');--> statement-breakpoint
CREATE TYPE "public"."error_category" AS ENUM('validation', 'auth', 'not_found', 'rate_limit', 'server', 'network', 'credits', 'conflict', 'extraction', 'unknown');--> statement-breakpoint
CREATE TYPE "public"."exdata_status" AS ENUM('pending', 'completed', 'error', 'blocked');--> statement-breakpoint
CREATE TYPE "public"."field_category" AS ENUM('money', 'tax', 'vendor_identity', 'other');--> statement-breakpoint
CREATE TYPE "public"."pipeline_state" AS ENUM('received', 'uploading', 'extracting', 'extraction_failed', 'in_review', 'approved', 'sending', 'delivered', 'send_failed', 'dead_letter', 'blocked');--> statement-breakpoint
CREATE TYPE "public"."processing_result" AS ENUM('queued', 'processed', 'duplicate_effect', 'unmatched', 'ignored', 'failed', 'rejected');--> statement-breakpoint
CREATE TYPE "public"."provider" AS ENUM('goroute', 'exdata');--> statement-breakpoint
CREATE TYPE "public"."review_state" AS ENUM('not_required', 'needs_review', 'approved', 'overridden');--> statement-breakpoint
CREATE TYPE "public"."role" AS ENUM('admin', 'support', 'finance', 'manager');--> statement-breakpoint
CREATE TYPE "public"."signature_result" AS ENUM('valid', 'valid_previous_secret', 'missing', 'invalid', 'stale');--> statement-breakpoint
CREATE TYPE "public"."timeline_kind" AS ENUM('transition', 'api_call', 'webhook', 'human', 'system');--> statement-breakpoint
CREATE TYPE "public"."transaction_status" AS ENUM('queued', 'pending', 'processing', 'sending', 'delivered', 'failed');--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"email" text NOT NULL,
	"name" text NOT NULL,
	"role" "role" NOT NULL,
	"password_hash" text,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_sign_in_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "vendors" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"country" text NOT NULL,
	"vat_id" text,
	"iban" text,
	"peppol_id" text,
	"approved_at" timestamp with time zone,
	"approved_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "documents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"source_id" text NOT NULL,
	"exdata_document_id" text,
	"upload_idempotency_key" text NOT NULL,
	"upload_attempt" integer DEFAULT 1 NOT NULL,
	"filename" text NOT NULL,
	"file_format" text NOT NULL,
	"file_size" bigint NOT NULL,
	"locale" text,
	"requester" text,
	"exdata_status" "exdata_status",
	"processing_stage" text,
	"pipeline_state" "pipeline_state" DEFAULT 'received' NOT NULL,
	"blocked_reason" text,
	"blocked_by" uuid,
	"blocked_at" timestamp with time zone,
	"vendor_id" uuid,
	"sender_name" text,
	"invoice_number" text,
	"currency" text,
	"gross_amount" numeric(18, 2),
	"last_request_id" text,
	"last_error_code" text,
	"last_error_message" text,
	"last_error_details" jsonb,
	"review_claimed_by" uuid,
	"review_claim_expires_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"state_changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "documents_source_id_key" UNIQUE("source_id"),
	CONSTRAINT "documents_exdata_document_id_key" UNIQUE("exdata_document_id"),
	CONSTRAINT "documents_upload_idempotency_key_key" UNIQUE("upload_idempotency_key")
);
--> statement-breakpoint
CREATE TABLE "extracted_fields" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"document_id" uuid NOT NULL,
	"name" text NOT NULL,
	"value" text,
	"value_json" jsonb,
	"candidates" text[],
	"category" "field_category" NOT NULL,
	"review_state" "review_state" DEFAULT 'not_required' NOT NULL,
	"review_reason" text,
	"approved_value" text,
	"reviewed_by" uuid,
	"reviewed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "extracted_fields_document_name_key" UNIQUE("document_id","name")
);
--> statement-breakpoint
CREATE TABLE "transactions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"goroute_transaction_id" text,
	"document_id" uuid,
	"direction" "direction" NOT NULL,
	"document_type" text DEFAULT 'invoice' NOT NULL,
	"invoice_number" text,
	"sender_scheme" text,
	"sender_identifier" text,
	"sender_name" text,
	"receiver_scheme" text,
	"receiver_identifier" text,
	"receiver_name" text,
	"receiver_country" text,
	"status" "transaction_status" DEFAULT 'queued' NOT NULL,
	"send_idempotency_key" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone,
	"last_error_code" text,
	"last_error_category" "error_category",
	"last_error_retryable" boolean,
	"last_error_message" text,
	"last_error_details" jsonb,
	"last_request_id" text,
	"dead_lettered_at" timestamp with time zone,
	"message_id" text,
	"currency" text,
	"total_amount" numeric(18, 2),
	"tax_amount" numeric(18, 2),
	"ubl_xml" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"status_changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"delivered_at" timestamp with time zone,
	CONSTRAINT "transactions_goroute_transaction_id_key" UNIQUE("goroute_transaction_id"),
	CONSTRAINT "transactions_send_idempotency_key_key" UNIQUE("send_idempotency_key")
);
--> statement-breakpoint
CREATE TABLE "api_calls" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"provider" "provider" NOT NULL,
	"operation" text NOT NULL,
	"method" text NOT NULL,
	"path" text NOT NULL,
	"http_status" integer,
	"duration_ms" integer NOT NULL,
	"request_id" text,
	"idempotency_key" text,
	"error_code" text,
	"document_id" uuid,
	"transaction_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "webhook_deliveries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"provider" "provider" NOT NULL,
	"delivery_id" text,
	"event_type" text,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"headers" jsonb NOT NULL,
	"body" text,
	"signature_result" "signature_result" NOT NULL,
	"timestamp_skew_seconds" integer,
	"duplicate_count" integer DEFAULT 0 NOT NULL,
	"last_duplicate_at" timestamp with time zone,
	"processing_result" "processing_result" DEFAULT 'queued' NOT NULL,
	"processing_error" text,
	"processed_at" timestamp with time zone,
	"processing_latency_ms" integer,
	"effect_key" text,
	"document_id" uuid,
	"transaction_id" uuid
);
--> statement-breakpoint
CREATE TABLE "timeline_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"document_id" uuid,
	"transaction_id" uuid,
	"kind" timeline_kind NOT NULL,
	"title" text NOT NULL,
	"from_state" text,
	"to_state" text,
	"detail" jsonb,
	"actor_id" uuid,
	"api_call_id" bigint,
	"webhook_delivery_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"actor_id" uuid,
	"actor_email" text NOT NULL,
	"action" "audit_action" NOT NULL,
	"target_type" text NOT NULL,
	"target_id" text NOT NULL,
	"before" jsonb,
	"after" jsonb,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "alerts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"rule" "alert_rule" NOT NULL,
	"severity" "alert_severity" NOT NULL,
	"status" "alert_status" DEFAULT 'open' NOT NULL,
	"title" text NOT NULL,
	"detail" jsonb,
	"dedupe_key" text NOT NULL,
	"occurrences" integer DEFAULT 1 NOT NULL,
	"first_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"acknowledged_by" uuid,
	"acknowledged_at" timestamp with time zone,
	"resolved_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "settings" (
	"key" text PRIMARY KEY NOT NULL,
	"value" jsonb NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "vendors" ADD CONSTRAINT "vendors_approved_by_users_id_fk" FOREIGN KEY ("approved_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_blocked_by_users_id_fk" FOREIGN KEY ("blocked_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_vendor_id_vendors_id_fk" FOREIGN KEY ("vendor_id") REFERENCES "public"."vendors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_review_claimed_by_users_id_fk" FOREIGN KEY ("review_claimed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "extracted_fields" ADD CONSTRAINT "extracted_fields_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "extracted_fields" ADD CONSTRAINT "extracted_fields_reviewed_by_users_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transactions" ADD CONSTRAINT "transactions_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_calls" ADD CONSTRAINT "api_calls_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_calls" ADD CONSTRAINT "api_calls_transaction_id_transactions_id_fk" FOREIGN KEY ("transaction_id") REFERENCES "public"."transactions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_transaction_id_transactions_id_fk" FOREIGN KEY ("transaction_id") REFERENCES "public"."transactions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "timeline_events" ADD CONSTRAINT "timeline_events_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "timeline_events" ADD CONSTRAINT "timeline_events_transaction_id_transactions_id_fk" FOREIGN KEY ("transaction_id") REFERENCES "public"."transactions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "timeline_events" ADD CONSTRAINT "timeline_events_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_acknowledged_by_users_id_fk" FOREIGN KEY ("acknowledged_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "settings" ADD CONSTRAINT "settings_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "users_email_lower_key" ON "users" USING btree (lower("email"));--> statement-breakpoint
CREATE UNIQUE INDEX "vendors_vat_id_key" ON "vendors" USING btree ("vat_id") WHERE "vendors"."vat_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "vendors_peppol_id_key" ON "vendors" USING btree ("peppol_id") WHERE "vendors"."peppol_id" is not null;--> statement-breakpoint
CREATE INDEX "vendors_name_lower_idx" ON "vendors" USING btree (lower("name"));--> statement-breakpoint
CREATE INDEX "documents_created_idx" ON "documents" USING btree ("created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "documents_state_created_idx" ON "documents" USING btree ("pipeline_state","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "documents_exdata_pending_idx" ON "documents" USING btree ("state_changed_at") WHERE "documents"."exdata_status" = 'pending';--> statement-breakpoint
CREATE INDEX "documents_vendor_created_idx" ON "documents" USING btree ("vendor_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "documents_invoice_number_idx" ON "documents" USING btree ("invoice_number");--> statement-breakpoint
CREATE INDEX "documents_last_request_id_idx" ON "documents" USING btree ("last_request_id");--> statement-breakpoint
CREATE INDEX "extracted_fields_needs_review_idx" ON "extracted_fields" USING btree ("document_id") WHERE "extracted_fields"."review_state" = 'needs_review';--> statement-breakpoint
CREATE INDEX "transactions_created_idx" ON "transactions" USING btree ("created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "transactions_status_created_idx" ON "transactions" USING btree ("status","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "transactions_direction_created_idx" ON "transactions" USING btree ("direction","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "transactions_receiver_idx" ON "transactions" USING btree ("receiver_identifier","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "transactions_sender_idx" ON "transactions" USING btree ("sender_identifier","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "transactions_document_idx" ON "transactions" USING btree ("document_id");--> statement-breakpoint
CREATE INDEX "transactions_invoice_number_idx" ON "transactions" USING btree ("invoice_number");--> statement-breakpoint
CREATE INDEX "transactions_failed_idx" ON "transactions" USING btree ("last_error_category","status_changed_at") WHERE "transactions"."status" = 'failed';--> statement-breakpoint
CREATE INDEX "transactions_in_flight_idx" ON "transactions" USING btree ("status","status_changed_at") WHERE "transactions"."status" in ('pending', 'processing', 'sending');--> statement-breakpoint
CREATE INDEX "api_calls_document_idx" ON "api_calls" USING btree ("document_id","created_at");--> statement-breakpoint
CREATE INDEX "api_calls_transaction_idx" ON "api_calls" USING btree ("transaction_id","created_at");--> statement-breakpoint
CREATE INDEX "api_calls_provider_created_idx" ON "api_calls" USING btree ("provider","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "api_calls_request_id_idx" ON "api_calls" USING btree ("request_id");--> statement-breakpoint
CREATE UNIQUE INDEX "webhook_deliveries_provider_delivery_key" ON "webhook_deliveries" USING btree ("provider","delivery_id") WHERE "webhook_deliveries"."signature_result" in ('valid', 'valid_previous_secret');--> statement-breakpoint
CREATE INDEX "webhook_deliveries_received_idx" ON "webhook_deliveries" USING btree ("received_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "webhook_deliveries_provider_received_idx" ON "webhook_deliveries" USING btree ("provider","received_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "webhook_deliveries_document_idx" ON "webhook_deliveries" USING btree ("document_id");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_transaction_idx" ON "webhook_deliveries" USING btree ("transaction_id");--> statement-breakpoint
CREATE INDEX "timeline_events_document_idx" ON "timeline_events" USING btree ("document_id","created_at");--> statement-breakpoint
CREATE INDEX "timeline_events_transaction_idx" ON "timeline_events" USING btree ("transaction_id","created_at");--> statement-breakpoint
CREATE INDEX "audit_log_created_idx" ON "audit_log" USING btree ("created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "audit_log_actor_created_idx" ON "audit_log" USING btree ("actor_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "audit_log_action_created_idx" ON "audit_log" USING btree ("action","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "audit_log_target_idx" ON "audit_log" USING btree ("target_type","target_id");--> statement-breakpoint
CREATE UNIQUE INDEX "alerts_dedupe_unresolved_key" ON "alerts" USING btree ("dedupe_key") WHERE "alerts"."status" <> 'resolved';--> statement-breakpoint
CREATE INDEX "alerts_status_seen_idx" ON "alerts" USING btree ("status","last_seen_at" DESC NULLS LAST);
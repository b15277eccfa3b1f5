ALTER TYPE "public"."alert_rule" ADD VALUE 'sign_in_failures';--> statement-breakpoint
ALTER TYPE "public"."signature_result" ADD VALUE 'mismatch';--> statement-breakpoint
CREATE TABLE "sign_in_failures" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"email" varchar(254) NOT NULL,
	"client" varchar(64) NOT NULL,
	"reason" varchar(32) NOT NULL
);
--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD COLUMN "body_sha256" text;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD COLUMN "body_bytes" integer;--> statement-breakpoint
CREATE INDEX "sign_in_failures_at_idx" ON "sign_in_failures" USING btree ("at");
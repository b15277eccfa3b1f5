CREATE TABLE "webhook_duplicate_copies" (
	"delivery_row_id" uuid NOT NULL,
	"copies" integer NOT NULL,
	"last_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "webhook_duplicate_copies_delivery_idx" ON "webhook_duplicate_copies" USING btree ("delivery_row_id");
CREATE TABLE "rate_limit_slots" (
	"key" text PRIMARY KEY NOT NULL,
	"next_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "transactions" ADD COLUMN "send_claim" uuid;--> statement-breakpoint
ALTER TABLE "transactions" ADD COLUMN "send_claimed_at" timestamp with time zone;
import { sql } from 'drizzle-orm';
import { db } from '../client';

/**
 * Headline counts for the go-live page. Grouped counts over indexed status columns; issue #5 moves
 * these to rollup tables for scale.
 */
export async function getDashboardCounts() {
  const result = await db.execute<{
    documents: string; in_review: string; delivered_24h: string; failed: string; dead_letter: string;
    in_flight: string; webhooks_24h: string; webhooks_rejected_24h: string; open_alerts: string;
  }>(sql`
    select
      (select count(*) from documents) as documents,
      (select count(*) from documents where pipeline_state = 'in_review') as in_review,
      (select count(*) from transactions where status = 'delivered' and delivered_at > now() - interval '24 hours') as delivered_24h,
      (select count(*) from transactions where status = 'failed') as failed,
      (select count(*) from transactions where dead_lettered_at is not null) as dead_letter,
      (select count(*) from transactions where status in ('pending', 'processing', 'sending')) as in_flight,
      (select count(*) from webhook_deliveries where received_at > now() - interval '24 hours') as webhooks_24h,
      (select count(*) from webhook_deliveries where received_at > now() - interval '24 hours'
         and signature_result in ('missing', 'invalid', 'stale')) as webhooks_rejected_24h,
      (select count(*) from alerts where status = 'open') as open_alerts
  `);
  const row = result.rows[0]!;
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Number(v)])) as Record<keyof typeof row, number>;
}

import { sql } from 'drizzle-orm';
import { db } from '@/db/client';

export const dynamic = 'force-dynamic';

/**
 * Liveness and database reachability for load balancers and the start script. Public by design:
 * it says only "ok" or which part is down, nothing about data, keys or users.
 */
export async function GET() {
  const started = performance.now();
  try {
    await db.execute(sql`select 1`);
    return Response.json({ status: 'ok', database: 'up', latencyMs: Math.round(performance.now() - started) });
  } catch {
    return Response.json({ status: 'degraded', database: 'down' }, { status: 503 });
  }
}

import { checkHealth } from '@/lib/metrics/health';

export const dynamic = 'force-dynamic';

/**
 * Liveness for load balancers and the start script: database, queue, and each provider (reachable,
 * latency, test/live mode). Public by design: it names no data, key or user. 503 when the database is down.
 */
export async function GET() {
  const health = await checkHealth();
  return Response.json(health, { status: health.database.up ? 200 : 503 });
}

import { timingSafeEqual } from 'node:crypto';
import { db } from '@/db/client';
import { authorizeRequest } from '@/lib/auth/guard';
import { getEnv } from '@/lib/env';
import { log } from '@/lib/log';
import { renderPrometheus } from '@/lib/metrics/prometheus';

export const dynamic = 'force-dynamic';

const sameToken = (given: string, expected: string) => {
  const [a, b] = [Buffer.from(given), Buffer.from(expected)];
  return a.length === b.length && timingSafeEqual(a, b);
};

/**
 * Prometheus text. A scraper presents METRICS_TOKEN as a bearer token (compared in constant time);
 * anyone else needs a console session that may see the dashboard. Figures are system-wide (see
 * lib/metrics/prometheus.ts), so any instance can be scraped.
 */
export async function GET(request: Request) {
  const token = getEnv().METRICS_TOKEN;
  const bearer = request.headers.get('authorization')?.match(/^Bearer (.+)$/)?.[1];
  if (!(token && bearer && sameToken(bearer, token))) {
    if (bearer) return Response.json({ error: 'Invalid metrics token' }, { status: 401 });
    const auth = await authorizeRequest('dashboard:view');
    if ('response' in auth) return auth.response;
  }
  try {
    const { body, contentType } = await renderPrometheus(db);
    return new Response(body, { headers: { 'content-type': contentType, 'cache-control': 'no-store' } });
  } catch (error) {
    log.error({ err: error }, 'metrics unavailable');
    return Response.json({ error: 'Metrics are unavailable: the database did not answer' }, { status: 503 });
  }
}

import 'server-only';
import { sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { getEnv } from '@/lib/env';
import { createExdataClient } from '@/lib/exdata';
import { createGoRouteClient } from '@/lib/goroute';
import { BOSS_SCHEMA } from '@/lib/jobs/queues';

type ProviderHealth = { reachable: boolean; latencyMs: number | null; mode: 'test' | 'live'; detail?: string };
type Cached = { at: number; value: { goroute: ProviderHealth; exdata: ProviderHealth } };

const PROVIDER_TTL_MS = 30_000;
const globalForHealth = globalThis as unknown as { invoiceOpsProviderHealth?: Cached };

/**
 * Provider reachability, cached for 30 s so a load balancer probing every few seconds does not
 * turn into a stream of provider calls. Health pings are not recorded as API calls.
 */
async function providerHealth() {
  const cached = globalForHealth.invoiceOpsProviderHealth;
  if (cached && Date.now() - cached.at < PROVIDER_TTL_MS) return cached.value;
  const env = getEnv();
  const gorouteKey = env.GOROUTE_MODE === 'live' ? env.GOROUTE_API_KEY_LIVE : env.GOROUTE_API_KEY_TEST;
  const exdataToken = env.EXDATA_MODE === 'live' ? env.EXDATA_TOKEN_LIVE : env.EXDATA_TOKEN_TEST;
  const goroute: Promise<ProviderHealth> =
    env.GOROUTE_BASE_URL && gorouteKey
      ? (async () => {
          const client = createGoRouteClient({ baseUrl: env.GOROUTE_BASE_URL!, apiKey: gorouteKey, timeoutMs: 5_000 });
          const h = await client.health().finally(() => client.close());
          return {
            reachable: h.ok,
            latencyMs: h.latencyMs,
            mode: env.GOROUTE_MODE,
            detail: h.ok ? h.status : (h.errorCode ?? h.status),
          };
        })()
      : Promise.resolve({ reachable: false, latencyMs: null, mode: env.GOROUTE_MODE, detail: 'not configured' });
  const exdata: Promise<ProviderHealth> =
    env.EXDATA_BASE_URL && exdataToken
      ? (async () => {
          const client = createExdataClient({ baseUrl: env.EXDATA_BASE_URL!, token: exdataToken, timeoutMs: 5_000 });
          try {
            const p = await client.ping();
            return { reachable: true, latencyMs: p.latencyMs, mode: env.EXDATA_MODE };
          } catch (error) {
            return {
              reachable: false,
              latencyMs: null,
              mode: env.EXDATA_MODE,
              detail: (error as { code?: string }).code ?? 'unreachable',
            };
          } finally {
            await client.close();
          }
        })()
      : Promise.resolve({ reachable: false, latencyMs: null, mode: env.EXDATA_MODE, detail: 'not configured' });
  const value = { goroute: await goroute, exdata: await exdata };
  globalForHealth.invoiceOpsProviderHealth = { at: Date.now(), value };
  return value;
}

export async function checkHealth() {
  const started = performance.now();
  let database: { up: boolean; latencyMs?: number } = { up: false };
  let queue: { up: boolean; waiting?: number; active?: number } = { up: false };
  try {
    await db.execute(sql`select 1`);
    database = { up: true, latencyMs: Math.round(performance.now() - started) };
    const { rows } = await db.execute<{ waiting: string; active: string }>(
      sql`select count(*) filter (where state in ('created', 'retry')) as waiting, count(*) filter (where state = 'active') as active from ${sql.identifier(BOSS_SCHEMA)}.job`,
    );
    queue = { up: true, waiting: Number(rows[0]?.waiting ?? 0), active: Number(rows[0]?.active ?? 0) };
  } catch {
    // reported as down below
  }
  const providers = database.up ? await providerHealth() : null;
  return { status: database.up ? 'ok' : 'down', database, queue, providers };
}

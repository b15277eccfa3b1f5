import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sql } from 'drizzle-orm';
import { createBoss, ensureQueues } from '@/lib/jobs/queues';
import { freshDatabase, testBoss, testServers } from '@/test/databases';
import { signGoRoute } from './signatures';

const config = {
  secrets: { goroute: { current: 'gr_current' }, exdata: { current: 'ex_current' } },
  toleranceSeconds: 300,
};

describe.each(testServers())("the production server's own webhook receiver on $name PostgreSQL", ({ url }) => {
  let t: Awaited<ReturnType<typeof freshDatabase>>;
  let boss: ReturnType<typeof createBoss>;
  let server: http.Server;
  let base: string;
  const handedToNext: string[] = [];

  beforeAll(async () => {
    t = await freshDatabase(url);
    boss = await testBoss(t.url);
    await boss.start();
    await ensureQueues(boss);
    // The logger reads the environment when it loads.
    vi.stubEnv('DATABASE_URL', t.url);
    vi.stubEnv('NEXTAUTH_SECRET', 'a-test-secret-that-is-long-enough-0123456789');
    const { receiveNodeWebhook, webhookProvider } = await import('./node-receiver');
    server = http.createServer((req, res) => {
      const provider = webhookProvider(req);
      if (provider) void receiveNodeWebhook(provider, req, res, () => ({ pool: t.pool, config }));
      else {
        handedToNext.push(`${req.method} ${req.url}`);
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await boss?.stop({ graceful: false, wait: true });
    await t?.drop();
    vi.unstubAllEnvs();
  });

  const post = (path: string, body: string, headers: Record<string, string> = {}) =>
    fetch(`${base}${path}`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });

  it("stores a signed delivery and answers like the route handler, with the console's security headers", async () => {
    const body = JSON.stringify({
      event: 'transaction.delivered',
      event_id: 'evt_node_1',
      timestamp: new Date().toISOString(),
      organization_id: 'org',
      data: { transaction_id: 'txn_1', status: 'delivered' },
    });
    const res = await post('/api/webhooks/goroute?ignored=1', body, {
      'x-goroute-signature': signGoRoute(body, 'gr_current'),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ received: true, duplicate: false });
    expect(res.headers.get('cache-control')).toBe('no-store, no-transform');
    expect(res.headers.get('x-correlation-id')).toMatch(/^[\w:.-]+$/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const again = await post('/api/webhooks/goroute', body, { 'x-goroute-signature': signGoRoute(body, 'gr_current') });
    expect(await again.json()).toMatchObject({ received: true, duplicate: true });
    const rows = await t.db.execute(
      sql`select count(*)::int as n, max(duplicate_count)::int as dups from webhook_deliveries where delivery_id = 'evt_node_1'`,
    );
    expect(rows.rows[0]).toMatchObject({ n: 1 });
  });

  it('refuses a forged delivery with 401 and records the rejection', async () => {
    const body = JSON.stringify({ event: 'transaction.delivered', event_id: 'evt_node_forged', data: {} });
    const res = await post('/api/webhooks/goroute', body, {
      'x-goroute-signature': signGoRoute(body, 'not-the-secret'),
    });
    expect(res.status).toBe(401);
    const rows = await t.db.execute(
      sql`select processing_result from webhook_deliveries where body like '%evt_node_forged%'`,
    );
    expect(rows.rows).toEqual([{ processing_result: 'rejected' }]);
  });

  it('refuses a body over 1 MiB unread with 413, recorded, and closes the connection', async () => {
    const res = await post('/api/webhooks/exdata', 'x'.repeat(1024 * 1024 + 10), { 'x-delivery': 'big-node-1' });
    expect(res.status).toBe(413);
    expect(res.headers.get('connection')).toBe('close');
    const rows = await t.db.execute(
      sql`select processing_result, body from webhook_deliveries where delivery_id = 'big-node-1'`,
    );
    expect(rows.rows).toEqual([{ processing_result: 'rejected', body: null }]);
  });

  it('leaves every other request to Next.js', async () => {
    await fetch(`${base}/api/webhooks/goroute`);
    await post('/api/webhooks/goroute/extra', '{}');
    await post('/failures', '{}');
    expect(handedToNext).toEqual(['GET /api/webhooks/goroute', 'POST /api/webhooks/goroute/extra', 'POST /failures']);
  });
});

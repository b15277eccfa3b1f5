// The realism knobs over real HTTP: rate limits, injected faults, webhook retries and redelivery, chaos.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PDF, startTestSandbox, type TestSandbox, uploadForm, VALID_INVOICE, waitUntil } from './test-support';

let t: TestSandbox;
beforeAll(async () => {
  t = await startTestSandbox();
});
afterAll(() => t.close());
beforeEach(async () => {
  await t.control('/reset', {});
  t.receiver.received.length = 0;
  t.receiver.respond = () => 200;
});

const send = (key: string) =>
  t.goroute('/api/v1/send', {
    method: 'POST',
    headers: { 'content-type': 'application/xml', 'idempotency-key': key },
    body: VALID_INVOICE.replace('IH-2025-0042', key),
  });

type Delivery = {
  id: string;
  event: string;
  state: string;
  attempts: number;
  last_status: number | null;
  history: { kind: string; status: number | null }[];
};
const deliveries = async (query = '') =>
  ((await (await t.control(`/webhooks${query}`)).json()) as { deliveries: Delivery[] }).deliveries;

describe('rate limits', () => {
  it('answers a burst over the limit with 429 and Retry-After (exdata also retry_after)', async () => {
    await t.control('/rate-limit', { provider: 'exdata', ratePerSecond: 5 });
    const burst = await Promise.all(Array.from({ length: 20 }, () => t.exdata('/api/v1/ping')));
    const limited = burst.filter((r) => r.status === 429);
    // A bucket of 5 plus whatever refilled while the burst was in flight.
    expect(burst.filter((r) => r.status === 200).length).toBeGreaterThanOrEqual(5);
    expect(limited.length).toBeGreaterThanOrEqual(10);
    expect(Number(limited[0]!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await limited[0]!.json()).toMatchObject({ code: 'rate_limited', retry_after: expect.any(Number) });

    await t.control('/rate-limit', { provider: 'goroute', ratePerSecond: 3 });
    const g = await Promise.all(Array.from({ length: 12 }, () => t.goroute('/health')));
    const g429 = g.find((r) => r.status === 429)!;
    expect(g429.headers.get('retry-after')).toBe('1');
    expect(await g429.json()).toMatchObject({ error: { code: 'RATE_LIMIT_EXCEEDED' } });
  });
});

describe('fault injection', () => {
  it('answers 503 during an outage and recovers when it ends', async () => {
    const res = await t.control('/faults', { provider: 'goroute', path: '/api/v1/send', outageMs: 300 });
    expect(res.status).toBe(201);
    const during = await send('outage-1');
    expect(during.status).toBe(503);
    expect(await during.json()).toMatchObject({
      error: { code: 'SERVICE_UNAVAILABLE', request_id: expect.any(String) },
    });
    expect((await t.goroute('/health')).status).toBe(200); // other paths unaffected
    const after = await waitUntil(async () => {
      const r = await send('outage-1');
      return r.status === 202 ? r : undefined;
    }, 3_000);
    expect(after.status).toBe(202);
    const txs = (await (await t.control('/goroute/transactions')).json()) as { transactions: unknown[] };
    expect(txs.transactions).toHaveLength(1);
  });

  it('limits a fault to `times` requests, uses the provider envelope, and can drop the connection', async () => {
    await t.control('/faults', { provider: 'exdata', path: '/api/v1/ping', status: 500, times: 2 });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await t.exdata('/api/v1/ping')).status);
    expect(statuses).toEqual([500, 500, 200]);

    await t.control('/faults', { provider: 'exdata', path: '/api/v1/documents', status: 0, times: 1 });
    await expect(t.exdata('/api/v1/documents')).rejects.toThrow();
    expect((await t.exdata('/api/v1/documents')).status).toBe(200);

    await t.control('/faults', { provider: 'goroute', latencyMs: 150, times: 1 });
    const started = Date.now();
    expect((await t.goroute('/health')).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('aims a fault at one idempotency key, letting every other request through', async () => {
    await t.control('/faults', {
      provider: 'exdata',
      path: '/api/v1/ping',
      idempotencyKey: 'upload:aimed',
      status: 503,
      times: 1,
    });
    expect((await t.exdata('/api/v1/ping', { headers: { 'idempotency-key': 'upload:other' } })).status).toBe(200);
    expect((await t.exdata('/api/v1/ping')).status).toBe(200);
    expect((await t.exdata('/api/v1/ping', { headers: { 'idempotency-key': 'upload:aimed' } })).status).toBe(503);
  });

  it('rejects a malformed fault', async () => {
    expect((await t.control('/faults', { provider: 'goroute', status: 99 })).status).toBe(400);
  });
});

describe('webhook delivery', () => {
  it('retries with the same event ID after the receiver returned 500, and redelivers on request', async () => {
    let failures = 0;
    t.receiver.respond = (body) => (body.includes('"transaction.created"') && failures++ < 2 ? 500 : 200);
    const { transaction_id: id } = (await (await send('hooks-1')).json()) as { transaction_id: string };
    const created = await t.receiver.waitFor((r) => r.json.event === 'transaction.created');
    expect(created.json.data?.transaction_id).toBe(id);
    // The receiver has answered 200; the sandbox records the attempt a moment later.
    const log = await waitUntil(async () =>
      (await deliveries('?event=transaction.created')).find((d) => d.state === 'delivered'),
    );
    expect(log).toMatchObject({ id: created.json.event_id, state: 'delivered', attempts: 3, last_status: 200 });
    expect(log.history.map((h) => h.status)).toEqual([500, 500, 200]);

    const before = t.receiver.received.length;
    const res = await t.control('/webhooks/redeliver', { id: log.id });
    expect(res.status).toBe(200);
    const again = await waitUntil(() =>
      t.receiver.received.slice(before).find((r) => r.json.event === 'transaction.created'),
    );
    expect(again.headers['x-goroute-event-id']).toBe(log.id);
    expect(again.body).toBe(created.body);
  });

  it('gives up after 8 attempts and records the failure', async () => {
    t.receiver.respond = () => 503;
    await t.control('/inbound', {});
    const [d] = await waitUntil(async () => {
      const list = await deliveries('?event=document.received');
      return list[0]?.state === 'failed' ? list : undefined;
    }, 10_000);
    expect(d).toMatchObject({ attempts: 8, last_status: 503 });
  });
});

describe('forgetting an item', () => {
  it('answers 404 for a forgotten transaction or document and sends nothing more about it', async () => {
    const { transaction_id: id } = (await (await send('forget-1')).json()) as { transaction_id: string };
    expect((await t.control(`/goroute/transactions/${id}`, undefined, 'DELETE')).status).toBe(200);
    const gone = await t.goroute(`/api/v1/transactions/${id}`);
    expect(gone.status).toBe(404);
    expect(await gone.json()).toMatchObject({ error: { code: 'TRANSACTION_NOT_FOUND' } });

    const upload = await t.exdata('/api/v1/documents', {
      method: 'POST',
      body: uploadForm('INV_stuck.pdf', PDF('forget')),
    });
    const { data: doc } = (await upload.json()) as { data: { id: string; status: string } };
    // "stuck" keeps it processing long enough to be forgotten before it completes.
    expect((await (await t.exdata(`/api/v1/documents/${doc.id}`)).json()) as unknown).toMatchObject({
      data: { status: 'pending' },
    });
    expect((await t.control(`/exdata/documents/${doc.id}`, undefined, 'DELETE')).status).toBe(200);
    expect((await t.exdata(`/api/v1/documents/${doc.id}`)).status).toBe(404);
    expect((await t.control(`/exdata/documents/${doc.id}`, undefined, 'DELETE')).status).toBe(404);

    // At speed 100 the whole GoRoute lifecycle takes well under a second: nothing after transaction.created may come.
    await new Promise((r) => setTimeout(r, 800));
    const events = (await deliveries()).filter(
      (d) =>
        d.event !== 'transaction.created' && (JSON.stringify(d).includes(id) || JSON.stringify(d).includes(doc.id)),
    );
    expect(events).toEqual([]);
  });
});

describe('chaos', () => {
  it('duplicates deliveries with the same ID and replays exdata events with a new X-Delivery', async () => {
    const c = await startTestSandbox({ chaos: { duplicateRate: 1, replayRate: 1 } });
    try {
      await c.exdata('/api/v1/documents', { method: 'POST', body: uploadForm('chaos.pdf', PDF('chaos')) });
      const hooks = await waitUntil(() => {
        const got = c.receiver.received.filter((r) => r.headers['x-event'] === 'document.completed');
        return got.length >= 3 ? got : undefined;
      }, 5_000);
      const ids = hooks.map((h) => String(h.headers['x-delivery']));
      expect(new Set(ids).size).toBe(2); // original (twice) + replay (new delivery ID)
      expect(new Set(hooks.map((h) => h.body)).size).toBe(1);
    } finally {
      await c.close();
    }
  });
});

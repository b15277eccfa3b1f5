import { createHash, randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { webhookDeliveries } from '@/db/schema';
import { CLIENT_HEADER, trustStampedClients } from '@/lib/http/client-address';
import { ensureQueues, type createBoss } from '@/lib/jobs/queues';
import { freshDatabase, testBoss, testServers } from '@/test/databases';
import { answerDelivery } from './answer';
import { REJECTED_BODY_PREFIX_BYTES, rejectedBody } from './ingest';
import { createRejectionLimiter } from './rejection-limit';
import { signExdata } from './signatures';

// The logger answer.ts uses reads the environment when it loads; nothing here connects through DATABASE_URL.
vi.hoisted(() => {
  process.env.DATABASE_URL ??= 'postgres://unused@127.0.0.1:1/unused';
  process.env.NEXTAUTH_SECRET ??= 'a-test-secret-that-is-long-enough-0123456789';
});

const config = {
  secrets: { goroute: { current: 'gr_current' }, exdata: { current: 'ex_current' } },
  toleranceSeconds: 300,
};

// As behind the production server, which stamps every request with its client (scripts/lib/web-server.ts).
trustStampedClients();

function exdataHeaders(body: string, client: string, signature: string | null) {
  const headers = new Headers({
    'content-type': 'application/json',
    'x-delivery': randomUUID(),
    'x-timestamp': String(Math.floor(Date.now() / 1000)),
  });
  if (signature !== null) headers.set('x-signature', signature);
  headers.set(CLIENT_HEADER, client);
  return headers;
}

describe('the stored form of a rejected body', () => {
  it('keeps a validly signed body whole, and of any other only a prefix with the hash and size of the whole', () => {
    const big = Buffer.from('x'.repeat(100_000));
    expect(rejectedBody(big, 'valid')).toEqual({ body: big.toString(), bodySha256: null, bodyBytes: 100_000 });
    const stored = rejectedBody(big, 'invalid');
    expect(stored.body).toHaveLength(REJECTED_BODY_PREFIX_BYTES);
    expect(stored).toMatchObject({ bodySha256: createHash('sha256').update(big).digest('hex'), bodyBytes: 100_000 });
  });

  it('does not cut a character in half', () => {
    const body = Buffer.from('a'.repeat(REJECTED_BODY_PREFIX_BYTES - 1) + 'é and more');
    expect(rejectedBody(body, 'missing').body).toBe('a'.repeat(REJECTED_BODY_PREFIX_BYTES - 1));
  });
});

describe('the rejection limiter', () => {
  it('admits a client its allowance per minute, then tells it how long to wait; other clients are unaffected', async () => {
    const limited: string[] = [];
    const limiter = createRejectionLimiter(3, (c) => limited.push(c));
    expect(await Promise.all([1, 2, 3].map(() => limiter.admit('203.0.113.5')))).toEqual([null, null, null]);
    const wait = await limiter.admit('203.0.113.5');
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(60);
    await limiter.admit('203.0.113.5');
    expect(limited).toEqual(['203.0.113.5']); // said once, not per refused request
    expect(await limiter.admit('203.0.113.6')).toBeNull();
    // One IPv6 client is its /64.
    for (let i = 1; i <= 3; i++) await limiter.admit(`2001:db8:0:1::${i}`);
    expect(await limiter.admit('2001:db8:0:1::ffff')).toBeGreaterThan(0);
  });
});

describe.each(testServers())('rejected webhook requests on $name PostgreSQL', ({ url }) => {
  let t: Awaited<ReturnType<typeof freshDatabase>>;
  let boss: ReturnType<typeof createBoss>;
  beforeAll(async () => {
    t = await freshDatabase(url);
    boss = await testBoss(t.url);
    await boss.start();
    await ensureQueues(boss);
  });
  afterAll(async () => {
    await boss?.stop({ graceful: false, wait: true });
    await t?.drop();
  });

  it('stores 4 KiB and a hash of an unsigned megabyte, not the megabyte', async () => {
    const deps = { pool: t.pool, config, rejections: createRejectionLimiter(100), trustedProxyHops: 0 };
    const body = JSON.stringify({ data: { id: 'doc_x', status: 'completed', filler: 'y'.repeat(1_000_000) } });
    const headers = exdataHeaders(body, '198.51.100.20', null);
    expect((await answerDelivery('exdata', headers, Buffer.from(body), deps)).status).toBe(401);
    const [row] = await t.db
      .select()
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.deliveryId, headers.get('x-delivery')!));
    expect(row!.body).toHaveLength(REJECTED_BODY_PREFIX_BYTES);
    expect(row).toMatchObject({
      signatureResult: 'missing',
      processingResult: 'rejected',
      bodyBytes: Buffer.byteLength(body),
      bodySha256: createHash('sha256').update(body).digest('hex'),
    });
  });

  it("answers 429 unrecorded past a client's allowance, and still takes genuine deliveries from that client and forged ones from others", async () => {
    const deps = { pool: t.pool, config, rejections: createRejectionLimiter(3), trustedProxyHops: 0 };
    const attacker = '198.51.100.21';
    const forged = JSON.stringify({ event: 'document.blocked', data: { id: 'doc_y', status: 'blocked' } });
    const answers = [];
    for (let i = 0; i < 6; i++)
      answers.push(
        await answerDelivery('exdata', exdataHeaders(forged, attacker, 'f'.repeat(64)), Buffer.from(forged), deps),
      );
    expect(answers.map((a) => a.status)).toEqual([401, 401, 401, 429, 429, 429]);
    expect(Number(answers[3]!.headers?.['retry-after'])).toBeGreaterThan(0);
    const stored = await t.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.signatureResult, 'invalid'));
    expect(stored).toHaveLength(3);
    // The oversized path (body refused unread) is limited the same way.
    expect((await answerDelivery('exdata', exdataHeaders('', attacker, null), null, deps)).status).toBe(429);

    const genuine = JSON.stringify({ event: 'document.completed', data: { id: 'doc_z', status: 'completed' } });
    const ok = await answerDelivery(
      'exdata',
      exdataHeaders(genuine, attacker, signExdata(genuine, 'ex_current')),
      Buffer.from(genuine),
      deps,
    );
    expect(ok).toMatchObject({ status: 200, body: { received: true, duplicate: false } });
    expect(
      (
        await answerDelivery(
          'exdata',
          exdataHeaders(forged, '198.51.100.22', 'f'.repeat(64)),
          Buffer.from(forged),
          deps,
        )
      ).status,
    ).toBe(401);
  });
});

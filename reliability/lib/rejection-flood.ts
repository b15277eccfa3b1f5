// What an anonymous sender can make the receiver store: a bounded prefix of an unverifiable body, and only so
// many rejected requests per client and minute (lib/webhooks/rejection-limit.ts). The flood comes from another
// loopback address (127.0.0.2: every 127.x address reaches this machine), so it is a client of its own and the
// scenarios posting from 127.0.0.1 keep their allowance.
import { createHash, randomUUID } from 'node:crypto';
import http from 'node:http';
import type pg from 'pg';
import { envSchema } from '@/lib/env';
import { harmlessGenuine } from './hostile-cases';

const FLOOD_CLIENT = '127.0.0.2';
/** The stack runs with the default allowance (the shared stack does not set WEBHOOK_REJECTIONS_PER_MINUTE). */
const REJECTIONS_PER_MINUTE = envSchema.shape.WEBHOOK_REJECTIONS_PER_MINUTE.parse(undefined);
const PREFIX_BYTES = 4096;

type Answer = { status: number; retryAfter: string | undefined };

function postFrom(
  localAddress: string | undefined,
  url: string,
  headers: Record<string, string>,
  body: string,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        localAddress,
        agent: false,
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'] }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const unsigned = (marker: string, padding = '') => ({
  headers: { 'content-type': 'application/json', 'x-goroute-event-id': marker },
  body: JSON.stringify({
    event: 'transaction.failed',
    event_id: marker,
    data: { transaction_id: `tx_flood_${marker}`, padding },
  }),
});

export async function rejectionFlood(baseUrl: string, gorouteSecret: string, db: pg.Pool) {
  const url = `${baseUrl}/api/webhooks/goroute`;
  const failures: string[] = [];
  const rows: string[][] = [];

  // 1. An unsigned body of ~900 KB: kept as its first 4 KiB, with the hash and size of the whole.
  const big = unsigned(`evt_big_${randomUUID()}`, 'p'.repeat(900 * 1024));
  const bigMarker = JSON.parse(big.body).event_id as string;
  const bigAnswer = await postFrom(undefined, url, big.headers, big.body);
  const stored = (
    await db.query<{ kept: number; body_bytes: number | null; body_sha256: string | null }>(
      `select octet_length(body) as kept, body_bytes, body_sha256 from webhook_deliveries where provider = 'goroute' and delivery_id = $1`,
      [bigMarker],
    )
  ).rows[0];
  const sha = createHash('sha256').update(big.body).digest('hex');
  const bounded =
    stored &&
    stored.kept <= PREFIX_BYTES &&
    stored.body_bytes === Buffer.byteLength(big.body) &&
    stored.body_sha256 === sha;
  if (bigAnswer.status !== 401 || !bounded) {
    failures.push(
      `unsigned 900 KB body: HTTP ${bigAnswer.status}, stored ${stored ? `${stored.kept} bytes of ${stored.body_bytes}, sha256 ${stored.body_sha256 === sha ? 'matches' : 'differs'}` : 'nothing'} (expected 401, at most ${PREFIX_BYTES} bytes kept with the whole body's size and hash)`,
    );
  }
  rows.push([
    'goroute',
    'unsigned 900 KB body',
    String(bigAnswer.status),
    stored
      ? `${stored.kept} of ${stored.body_bytes} bytes kept, sha256 ${stored.body_sha256 === sha ? 'of the whole' : 'WRONG'}`
      : 'not stored',
    '',
  ]);

  // 2. A flood from one client: recorded up to the allowance, then 429 and nothing written.
  const extra = 30;
  const markers = Array.from({ length: REJECTIONS_PER_MINUTE + extra }, () => `evt_flood_${randomUUID()}`);
  const answers: Answer[] = [];
  for (let i = 0; i < markers.length; i += 10) {
    answers.push(
      ...(await Promise.all(
        markers.slice(i, i + 10).map((m) => {
          const u = unsigned(m);
          return postFrom(FLOOD_CLIENT, url, u.headers, u.body);
        }),
      )),
    );
  }
  const refused = answers.filter((a) => a.status === 401).length;
  const limited = answers.filter((a) => a.status === 429);
  const kept = Number(
    (
      await db.query<{ n: string }>(
        `select count(*) as n from webhook_deliveries where provider = 'goroute' and delivery_id = any($1)`,
        [markers],
      )
    ).rows[0]!.n,
  );
  if (
    refused !== REJECTIONS_PER_MINUTE ||
    limited.length !== extra ||
    limited.some((a) => !(Number(a.retryAfter) > 0)) ||
    kept !== refused
  ) {
    failures.push(
      `flood of ${markers.length} unsigned requests from ${FLOOD_CLIENT}: ${refused} × 401, ${limited.length} × 429 (Retry-After ${limited[0]?.retryAfter ?? '—'}), ${kept} stored (expected ${REJECTIONS_PER_MINUTE} × 401 stored, ${extra} × 429 with Retry-After, not stored)`,
    );
  }
  rows.push([
    'goroute',
    `flood: ${markers.length} unsigned from one client`,
    `${refused} × 401, ${limited.length} × 429`,
    `${kept} stored`,
    `allowance ${REJECTIONS_PER_MINUTE} a minute`,
  ]);

  // 3. While that client is limited, its genuine deliveries still go in; other clients' rejections are still recorded.
  const g = harmlessGenuine('goroute', gorouteSecret, Date.now());
  const genuine = await postFrom(FLOOD_CLIENT, url, g.headers, g.body);
  const other = unsigned(`evt_other_${randomUUID()}`);
  const otherAnswer = await postFrom(undefined, url, other.headers, other.body);
  if (genuine.status !== 200)
    failures.push(`a genuine delivery from the limited client was answered ${genuine.status}, expected 200`);
  if (otherAnswer.status !== 401)
    failures.push(
      `an unsigned request from another client during the flood was answered ${otherAnswer.status}, expected 401 (recorded)`,
    );
  rows.push([
    'goroute',
    'genuine delivery from the flooding client; unsigned from another',
    `${genuine.status}; ${otherAnswer.status}`,
    '',
    '',
  ]);
  return { failures, rows, summary: `${refused} recorded, ${limited.length} × 429; genuine ${genuine.status}` };
}

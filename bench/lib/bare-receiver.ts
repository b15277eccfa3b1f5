// The baseline for the ingest benchmark: a bare node:http + pg receiver doing the same durable work per
// delivery as the console's receiver did before group commit — HMAC check in constant time, insert (or
// count the duplicate), enqueue the processing job, commit, answer — one transaction per request.
// It runs in a process of its own, as the console's server does, so that it shares no event loop with the
// load generator: `startBareReceiver` starts this file, which serves until it is stopped.
import { spawn } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import PgBoss from 'pg-boss';
import { Pool } from 'pg';
import { checkSignature, gorouteFormat } from '@/lib/webhooks/signatures';

async function serve(databaseUrl: string, secret: string) {
  const pool = new Pool({ connectionString: databaseUrl, max: 10 });
  const boss = new PgBoss({
    connectionString: databaseUrl,
    schema: 'pgboss',
    max: 2,
    supervise: false,
    schedule: false,
  });
  await boss.start();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const raw = Buffer.concat(chunks);
        if (
          checkSignature(
            raw,
            req.headers['x-goroute-signature'] as string | undefined,
            { current: secret },
            gorouteFormat,
          ) === 'invalid'
        ) {
          res.writeHead(401).end();
          return;
        }
        const json = JSON.parse(raw.toString('utf8')) as { event_id: string; event: string };
        const client = await pool.connect();
        try {
          await client.query('begin');
          // The naive receiver: insert, else count the copy on the stored row, then queue the job — one round trip
          // each.
          const inserted = await client.query<{ id: string }>(
            `insert into webhook_deliveries (provider, delivery_id, event_type, received_at, headers, body, signature_result, timestamp_skew_seconds, processing_result)
             values ('goroute', $1, $2, now(), '{}', $3, 'valid', 0, 'queued')
             on conflict (provider, delivery_id) where signature_result in ('valid', 'valid_previous_secret') do nothing returning id`,
            [json.event_id, json.event, raw.toString('utf8')],
          );
          const id = inserted.rows[0]?.id;
          const stored = id
            ? { id, duplicate: false }
            : {
                duplicate: true,
                id: (
                  await client.query<{ id: string }>(
                    `update webhook_deliveries set duplicate_count = duplicate_count + 1, last_duplicate_at = now()
                    where provider = 'goroute' and delivery_id = $1 and signature_result in ('valid', 'valid_previous_secret') returning id`,
                    [json.event_id],
                  )
                ).rows[0]!.id,
              };
          if (!stored.duplicate)
            await boss.send(
              'webhook-process',
              { deliveryRowIds: [stored.id] },
              { db: { executeSql: (text, values) => client.query(text, values) } },
            );
          await client.query('commit');
          res
            .writeHead(200, { 'content-type': 'application/json' })
            .end(JSON.stringify({ received: true, id: stored.id }));
        } catch {
          await client.query('rollback').catch(() => {});
          res.writeHead(503).end();
        } finally {
          client.release();
        }
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  process.stdout.write(`listening ${(server.address() as AddressInfo).port}\n`);
  process.once('SIGTERM', () => {
    server.close();
    void boss.stop({ graceful: false, wait: true }).finally(() => void pool.end().finally(() => process.exit(0)));
  });
}

/** Starts the bare receiver in its own process; resolves with its URL once it listens. */
export function startBareReceiver(
  databaseUrl: string,
  secret: string,
): Promise<{ url: string; stop: () => Promise<void> }> {
  const tsx = path.join(process.cwd(), 'node_modules', '.bin', 'tsx');
  const child = spawn(tsx, [path.join('bench', 'lib', 'bare-receiver.ts')], {
    // eslint-disable-next-line no-restricted-properties -- the child inherits this environment (PATH, NODE_OPTIONS)
    env: { ...process.env, BARE_DATABASE_URL: databaseUrl, BARE_SECRET: secret },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
    });
  return new Promise((resolve, reject) => {
    let seen = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      seen += chunk.toString('utf8');
      const m = /listening (\d+)/.exec(seen);
      if (m) resolve({ url: `http://127.0.0.1:${m[1]}`, stop });
    });
    child.once('exit', (code) => reject(new Error(`the bare receiver exited (code ${code}) before it listened`)));
  });
}

// Run as a script (by startBareReceiver): serve.
// eslint-disable-next-line no-restricted-properties -- a benchmark helper process, configured by its parent
const { BARE_DATABASE_URL, BARE_SECRET } = process.env;
if (BARE_DATABASE_URL && BARE_SECRET && process.argv[1]?.endsWith('bare-receiver.ts')) {
  serve(BARE_DATABASE_URL, BARE_SECRET).catch((error: unknown) => {
    console.error(`bare receiver: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}

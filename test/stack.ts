import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startSandbox, type RunningSandbox, type SandboxOptions } from '@/sandbox/server';
import { parseEnv } from '@/lib/env';
import { startWorker, type Worker } from '@/worker/worker';
import { inTransaction } from '@/db/transaction';
import { receiveDocument, samplePdf } from '@/lib/pipeline/intake';
import { ingestWebhook } from '@/lib/webhooks/ingest';
import { freshDatabase } from './databases';

const secrets = { goroute: 'stack-goroute-secret', exdata: 'stack-exdata-secret' };
const keys = { goroute: 'stack-goroute-key', exdata: 'stack-exdata-token' };

/**
 * The real stack on localhost, minus Next.js: a fresh PostgreSQL database, a worker with the real
 * provider clients, the provider sandbox over HTTP, and a webhook receiver running the same ingest
 * code as the app's route handlers.
 */
export async function startStack(
  serverUrl: string,
  tune: {
    sandbox?: Partial<SandboxOptions>;
    exdata?: Partial<SandboxOptions['exdata']>;
    goroute?: Partial<SandboxOptions['goroute']>;
  } = {},
) {
  const t = await freshDatabase(serverUrl);
  // The receiver starts before the worker it hands deliveries to.
  const ready: { worker?: Worker } = {};
  const receiver: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const provider = req.url?.endsWith('/goroute') ? 'goroute' : 'exdata';
      const headers = new Headers(
        Object.entries(req.headers).flatMap(([k, v]) => (typeof v === 'string' ? [[k, v] as [string, string]] : [])),
      );
      try {
        const worker = ready.worker;
        if (!worker) throw new Error('not ready');
        const result = await ingestWebhook(provider, headers, Buffer.concat(chunks), {
          pool: t.pool,
          config: {
            secrets: { goroute: { current: secrets.goroute }, exdata: { current: secrets.exdata } },
            toleranceSeconds: 300,
          },
        });
        res.writeHead(result.status, { 'content-type': 'application/json' }).end(JSON.stringify(result.body));
      } catch {
        res.writeHead(503).end();
      }
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const hooks = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  const sandbox: RunningSandbox = await startSandbox({
    speed: 100,
    seed: 7,
    goroute: {
      apiKeys: [keys.goroute],
      webhookUrl: `${hooks}/goroute`,
      webhookSecret: secrets.goroute,
      failureRate: 0,
      ...tune.goroute,
    },
    exdata: {
      tokens: [{ token: keys.exdata, mode: 'test' }],
      webhookUrl: `${hooks}/exdata`,
      webhookSecret: secrets.exdata,
      errorRate: 0,
      ...tune.exdata,
    },
    ...tune.sandbox,
  });
  const env = parseEnv({
    DATABASE_URL: t.url,
    NEXTAUTH_SECRET: 'x'.repeat(32),
    GOROUTE_BASE_URL: `${sandbox.url}/goroute`,
    GOROUTE_API_KEY_TEST: keys.goroute,
    EXDATA_BASE_URL: `${sandbox.url}/exdata`,
    EXDATA_TOKEN_TEST: keys.exdata,
    DATABASE_POOL_MAX: '6',
  });
  const quiet = () => {};
  const log = process.env.DEBUG_STACK
    ? { info: console.log, debug: console.log, warn: console.log }
    : { info: quiet, debug: quiet, warn: quiet };
  const worker = await startWorker(env, log, { pendingPollMs: 3_000 });
  ready.worker = worker;
  const control = async (path: string, body?: unknown, method = body === undefined ? 'GET' : 'POST') => {
    const res = await fetch(`${sandbox.url}/_control${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return res.json() as Promise<unknown>;
  };
  /** A sample PDF arrives in the supplier inbox; the file name picks the sandbox scenario. */
  const receive = (filename: string) =>
    inTransaction(worker.deps.pool, worker.deps.boss, (tx, enqueue) =>
      receiveDocument(tx, enqueue, {
        content: samplePdf([`Invoice ${filename}`]),
        filename,
        contentType: 'application/pdf',
        requester: 'ap@invoicehub.test',
      }),
    );
  return {
    db: t.db,
    url: t.url,
    worker,
    control,
    receive,
    sandboxUrl: sandbox.url,
    stop: async () => {
      await worker.stop();
      await sandbox.close();
      await new Promise((r) => receiver.close(r));
      await t.drop();
    },
  };
}

/** Polls until `check` returns a value, or fails after `timeoutMs` with the last value seen. */
export async function eventually<T>(
  check: () => Promise<T | undefined | null | false>,
  timeoutMs = 20_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

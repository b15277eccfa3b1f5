/**
 * The production web server (`npm start` runs it in place of `next start`): one Node HTTP server on PORT that
 * answers the two webhook receivers itself and hands every other request to Next.js. A webhook is the one
 * request that arrives in bursts of hundreds per second and needs nothing of the framework — no session, no
 * rendering — so it skips Next's request pipeline (lib/webhooks/node-receiver.ts has the figures). The Next.js
 * route handlers for the same paths stay, with the same code, for `npm run dev` and a bare `next start`.
 */
import next from 'next';
import { getPool } from '@/db/client';
import { getEnv } from '@/lib/env';
import { log } from '@/lib/log';
import { rejectionLimiter } from '@/lib/webhooks/answer';
import { webhookConfig } from '@/lib/webhooks/config';
import { receiveNodeWebhook, webhookProvider } from '@/lib/webhooks/node-receiver';
import { createWebServer } from './lib/web-server';

async function main() {
  const port = Number(process.env.PORT ?? 3000);
  const app = next({ dev: false, dir: process.cwd(), port });
  const handle = app.getRequestHandler();
  await app.prepare();
  const env = getEnv();
  const rejections = rejectionLimiter(env.WEBHOOK_REJECTIONS_PER_MINUTE);
  const deps = () => ({
    pool: getPool(),
    config: webhookConfig(),
    rejections,
    trustedProxyHops: env.TRUSTED_PROXY_HOPS,
  });
  const server = createWebServer(
    (req, res) => {
      const provider = webhookProvider(req);
      if (provider) void receiveNodeWebhook(provider, req, res, deps);
      else void handle(req, res);
    },
    {
      trustedProxyHops: env.TRUSTED_PROXY_HOPS,
      headersTimeoutMs: env.HTTP_HEADERS_TIMEOUT_SECONDS * 1000,
      requestTimeoutMs: env.HTTP_REQUEST_TIMEOUT_SECONDS * 1000,
    },
  );
  server.listen(port, () => log.info({ port }, 'web server listening'));
  const stop = () => {
    server.close();
    void app.close().finally(() => process.exit(0));
    setTimeout(() => process.exit(0), 5_000).unref();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  console.error(`[server] failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});

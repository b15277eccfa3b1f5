// The provider sandbox: one node:http server on 127.0.0.1 that behaves like GoRoute (under /goroute) and
// exdata (under /exdata) per docs/providers.md, plus a control API (/_control) for tests and demos. The app
// talks to it over real HTTP exactly as to the real providers. See sandbox/README.md.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { controlRoutes, handleControl } from './control';
import { handleProviderRequest, type ProviderApp } from './core/gate';
import { type Ctx, clientRequestId, sendJson } from './core/http';
import { randomAlnum, randomHex } from './core/ids';
import { Sandbox } from './sandbox';

export type SandboxOptions = {
  /** 0 / undefined = a free port. Always 127.0.0.1. */
  port?: number;
  /** Time compression: 1 = the realistic timings of docs/providers.md, 50 = 50x faster. */
  speed?: number;
  /** Seeds behaviour (failure fractions, extraction content, chaos); IDs stay random so runs never collide. */
  seed?: number;
  /** failureRate: share of accepted sends that end `failed` (default 0.03). */
  goroute: {
    apiKeys: string[];
    webhookUrl?: string;
    webhookSecret: string;
    ratePerSecond?: number;
    failureRate?: number;
  };
  /** errorRate: share of uploads that end `error` besides "corrupt" files (default 0.02); credits default 1000. */
  exdata: {
    tokens: { token: string; mode: 'test' | 'live'; abilities?: string[] }[];
    webhookUrl?: string;
    webhookSecret: string;
    ratePerSecond?: number;
    credits?: number;
    errorRate?: number;
  };
  /** Webhook realism; all 0/false = deterministic, in-order delivery. maxDelayMs is real time (not scaled by speed). */
  chaos?: { duplicateRate?: number; replayRate?: number; reorder?: boolean; maxDelayMs?: number };
  /** If set, GoRoute emits a document.received (inbound invoice) webhook this often (real time). */
  inboundEveryMs?: number;
  log?: (line: string) => void;
};

export interface RunningSandbox {
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function startSandbox(opts: SandboxOptions): Promise<RunningSandbox> {
  const log = opts.log ?? (() => {});
  const sb = new Sandbox({
    speed: opts.speed ?? 1,
    seed: opts.seed ?? 1,
    goroute: {
      ...opts.goroute,
      ratePerSecond: opts.goroute.ratePerSecond ?? 50,
      failureRate: opts.goroute.failureRate ?? 0.03,
    },
    exdata: {
      ...opts.exdata,
      ratePerSecond: opts.exdata.ratePerSecond ?? 20,
      credits: opts.exdata.credits ?? 1000,
      errorRate: opts.exdata.errorRate ?? 0.02,
    },
    chaos: opts.chaos ?? {},
    log,
  });
  const control = controlRoutes(sb);
  const apps: Record<string, ProviderApp> = { goroute: sb.goroute.app, exdata: sb.exdata.app };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = Date.now();
    const url = new URL(req.url ?? '/', 'http://sandbox');
    const [, mount = '', ...rest] = url.pathname.split('/');
    const ctx: Ctx = {
      req,
      res,
      method: req.method ?? 'GET',
      path: '/' + rest.join('/'),
      query: url.searchParams,
      params: [],
      requestId: clientRequestId(req) ?? (mount === 'exdata' ? 'req_' + randomAlnum(24) : 'req_' + randomHex(20)),
      baseUrl: `${sb.baseUrl}/${mount}`,
    };
    res.on('finish', () =>
      log(`${mount || '-'} ${ctx.method} ${ctx.path} ${res.statusCode} ${Date.now() - started}ms ${ctx.requestId}`),
    );
    const app = apps[mount];
    try {
      if (app) await handleProviderRequest(app, sb.faults, ctx);
      else if (mount === '_control') await handleControl(control, ctx);
      else
        sendJson(res, 404, {
          error: 'Unknown path: providers live under /goroute and /exdata, the control API under /_control.',
        });
    } catch (e) {
      log(`error handling ${ctx.method} ${url.pathname}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      if (app) app.error(ctx, 500, app.codeFor(500), 'Internal server error.');
      else sendJson(res, 500, { error: 'internal error' });
    }
  }

  const server = createServer((req, res) => void handle(req, res));
  // Keep-alive sockets from clients' pools must not hold close() up.
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  sb.baseUrl = url;

  const inbound = opts.inboundEveryMs
    ? setInterval(() => sb.goroute.state.receiveInbound(sb.gorouteUrl()), opts.inboundEveryMs)
    : undefined;

  let closed: Promise<void> | undefined;
  return {
    url,
    port,
    close() {
      closed ??= new Promise<void>((resolve) => {
        if (inbound) clearInterval(inbound);
        sb.stop();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closed;
    },
  };
}

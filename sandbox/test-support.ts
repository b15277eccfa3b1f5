// Helpers for the sandbox's own tests: a tiny webhook receiver and a sandbox started with test credentials.
import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { type RunningSandbox, type SandboxOptions, startSandbox } from './server';

export const GOROUTE_KEY = 'test-goroute-key';
export const GOROUTE_SECRET = 'test-goroute-webhook-secret';
const EXDATA_TOKEN = 'test-exdata-token';
export const EXDATA_READONLY_TOKEN = 'test-exdata-readonly';
export const EXDATA_SECRET = 'test-exdata-webhook-secret';

export const VALID_INVOICE = readFileSync(
  fileURLToPath(new URL('./fixtures/invoice-valid.xml', import.meta.url)),
  'utf8',
);

export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  json: { event?: string; event_id?: string; data?: Record<string, unknown> } & Record<string, unknown>;
}

export interface Receiver {
  url: string;
  received: Received[];
  /** Status to answer with, given the request's raw body; default 200. */
  respond: (body: string) => number;
  waitFor(match: (r: Received) => boolean, timeoutMs?: number): Promise<Received>;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const status = receiver.respond(body);
      if (status >= 200 && status < 300)
        received.push({ headers: req.headers, body, json: JSON.parse(body) as Received['json'] });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const receiver: Receiver = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    received,
    respond: () => 200,
    waitFor: (match, timeoutMs = 5_000) => waitUntil(() => received.find(match), timeoutMs),
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  return receiver;
}

/** Polls until fn returns a value (not undefined/false), or fails after timeoutMs. */
export async function waitUntil<T>(
  fn: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 5_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export interface TestSandbox {
  sandbox: RunningSandbox;
  receiver: Receiver;
  goroute: (path: string, init?: RequestInit) => Promise<Response>;
  exdata: (path: string, init?: RequestInit) => Promise<Response>;
  control: (path: string, body?: unknown, method?: string) => Promise<Response>;
  close(): Promise<void>;
}

/** A sandbox at speed 100 with both webhooks pointed at a fresh receiver; no random failures unless asked for. */
export async function startTestSandbox(overrides: Partial<SandboxOptions> = {}): Promise<TestSandbox> {
  const receiver = await startReceiver();
  const sandbox = await startSandbox({
    port: 0,
    speed: 100,
    seed: 7,
    ...overrides,
    goroute: {
      apiKeys: [GOROUTE_KEY],
      webhookUrl: receiver.url,
      webhookSecret: GOROUTE_SECRET,
      failureRate: 0,
      ...overrides.goroute,
    },
    exdata: {
      tokens: [
        { token: EXDATA_TOKEN, mode: 'test' },
        { token: EXDATA_READONLY_TOKEN, mode: 'test', abilities: ['documents:read'] },
      ],
      webhookUrl: receiver.url,
      webhookSecret: EXDATA_SECRET,
      errorRate: 0,
      ...overrides.exdata,
    },
  });
  const withHeaders = (init: RequestInit | undefined, extra: Record<string, string>): RequestInit => ({
    ...init,
    headers: { ...extra, ...(init?.headers as Record<string, string> | undefined) },
  });
  return {
    sandbox,
    receiver,
    goroute: (p, init) => fetch(`${sandbox.url}/goroute${p}`, withHeaders(init, { 'x-api-key': GOROUTE_KEY })),
    exdata: (p, init) =>
      fetch(`${sandbox.url}/exdata${p}`, withHeaders(init, { authorization: `Bearer ${EXDATA_TOKEN}` })),
    control: (p, body, method) =>
      fetch(`${sandbox.url}/_control${p}`, {
        method: method ?? (body === undefined ? 'GET' : 'POST'),
        headers: { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
    close: async () => {
      await sandbox.close();
      await receiver.close();
    },
  };
}

/** A multipart upload body for exdata. */
export function uploadForm(
  filename: string,
  content: Buffer | string,
  fields: Record<string, string | string[]> = {},
): FormData {
  const form = new FormData();
  form.append('file', new Blob([typeof content === 'string' ? content : new Uint8Array(content)]), filename);
  for (const [name, value] of Object.entries(fields)) for (const v of [value].flat()) form.append(name, v);
  return form;
}

export const PDF = (label: string) => Buffer.from(`%PDF-1.7\n% ${label}\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n`);

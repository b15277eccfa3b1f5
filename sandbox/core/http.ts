// Plain node:http plumbing shared by both simulated providers and the control API.
import type { IncomingMessage, ServerResponse } from 'node:http';

export type Provider = 'goroute' | 'exdata';

export interface Ctx {
  req: IncomingMessage;
  res: ServerResponse;
  method: string;
  /** Path below the provider's mount point, e.g. "/api/v1/send" for "/goroute/api/v1/send". */
  path: string;
  query: URLSearchParams;
  /** Groups captured by the route pattern. */
  params: string[];
  requestId: string;
  /** exdata: the mode of the token that authenticated the request. */
  mode?: 'test' | 'live';
  /** Absolute base URL of this provider, e.g. "http://127.0.0.1:4010/exdata" (for links in responses). */
  baseUrl: string;
}

export interface Route {
  method: string;
  pattern: RegExp;
  /** exdata token ability the route needs (tokens without an abilities list may do everything). */
  ability?: string;
  handle: (ctx: Ctx) => Promise<void> | void;
}

export function matchRoute(routes: Route[], method: string, path: string): { route: Route; params: string[] } | null {
  for (const route of routes) {
    if (route.method !== method) continue;
    const m = route.pattern.exec(path);
    if (m) return { route, params: m.slice(1).map((p) => decodeURIComponent(p)) };
  }
  return null;
}

export class BodyTooLarge extends Error {}

/** Reads the whole body into memory; refuses bodies over `limit` bytes. */
export async function readBody(req: IncomingMessage, limit = 25 * 1024 * 1024): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > limit) throw new BodyTooLarge(`body larger than ${limit} bytes`);
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

/** JSON body of a control request; {} when empty, null when not JSON. */
export async function readJson(req: IncomingMessage): Promise<unknown> {
  const raw = (await readBody(req, 1024 * 1024)).toString('utf8').trim();
  if (raw === '') return {};
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return null;
  }
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

export function sendBytes(res: ServerResponse, status: number, body: Buffer | string, contentType: string): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

export function sendEmpty(res: ServerResponse, status: number): void {
  if (res.headersSent) return;
  res.writeHead(status);
  res.end();
}

export function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

/** The client's X-Request-ID when it is usable (≤ 128 printable characters), else null. */
export function clientRequestId(req: IncomingMessage): string | null {
  const v = header(req, 'x-request-id')?.trim();
  return v && v.length <= 128 && /^[\x21-\x7e]+$/.test(v) ? v : null;
}

export function isLoopback(req: IncomingMessage): boolean {
  const a = req.socket.remoteAddress ?? '';
  return a === '127.0.0.1' || a === '::1' || a === '::ffff:127.0.0.1';
}

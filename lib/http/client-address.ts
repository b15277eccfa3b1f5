import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';

/**
 * Who is on the other end of a request, for limits and logs. The address comes from the TCP socket; an
 * `X-Forwarded-For` entry is believed only as far as TRUSTED_PROXY_HOPS says proxies of ours stand in front
 * (each appends the address it saw, so the client is that many entries from the right). Anything further left
 * was written by the client and proves nothing.
 *
 * Only the production server (scripts/server.ts) sees the socket. It writes the result into CLIENT_HEADER on
 * every request before Next.js gets it, overwriting whatever the client sent; route handlers and server actions
 * read it from there (clientFromHeaders).
 */
export const CLIENT_HEADER = 'x-invoice-ops-client';

/** Headers a client could use to lie about where it is or which site it asked for, unless a proxy of ours set them. */
const FORWARDING_HEADERS = [
  'x-forwarded-for',
  'x-forwarded-host',
  'x-forwarded-proto',
  'x-forwarded-port',
  'forwarded',
];

// Set by the production server in its own process, which is also where Next.js runs the route handlers: a
// header alone could have been sent by the client when something else (next dev, a bare next start) serves.
const FRONT_SERVER = Symbol.for('invoice-ops.front-server');
type Marked = typeof globalThis & { [FRONT_SERVER]?: boolean };

const UNKNOWN_CLIENT = 'unknown';

/** From now on, in this process, CLIENT_HEADER is believed: the production server stamps every request. */
export function trustStampedClients() {
  (globalThis as Marked)[FRONT_SERVER] = true;
}

function normalize(address: string | undefined | null): string | null {
  if (!address) return null;
  let a = address.trim();
  if (a.startsWith('[') && a.includes(']')) a = a.slice(1, a.indexOf(']'));
  else if (/^\d+\.\d+\.\d+\.\d+:\d+$/.test(a)) a = a.slice(0, a.lastIndexOf(':'));
  if (a.toLowerCase().startsWith('::ffff:') && isIP(a.slice(7)) === 4) a = a.slice(7);
  return isIP(a) ? a.toLowerCase() : null;
}

/** The client's address: the socket's, or the entry `hops` from the right of X-Forwarded-For when proxies are trusted. */
export function resolveClientAddress(
  socketAddress: string | undefined | null,
  forwardedFor: string | string[] | undefined | null,
  hops: number,
): string {
  const socket = normalize(socketAddress);
  if (hops <= 0) return socket ?? UNKNOWN_CLIENT;
  const list = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : (forwardedFor ?? ''))
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  // Fewer entries than trusted proxies: the request skipped some of them, so the leftmost is all we know.
  const entry = list.length === 0 ? null : list[Math.max(0, list.length - hops)];
  return normalize(entry) ?? socket ?? UNKNOWN_CLIENT;
}

/**
 * The key limits count under. An IPv6 client usually holds a whole /64 and could rotate through it, so all of
 * it counts as one client; IPv4 addresses count one by one.
 */
export function clientKey(address: string): string {
  if (isIP(address) !== 6) return address;
  const groups = expandIPv6(address);
  return groups ? `${groups.slice(0, 4).join(':')}::/64` : address;
}

function expandIPv6(address: string): string[] | null {
  const [head, tail] = address.split('::');
  const h = head ? head.split(':') : [];
  const t = tail !== undefined && tail !== '' ? tail.split(':') : [];
  if (t.some((g) => g.includes('.')) || h.some((g) => g.includes('.'))) return null;
  const missing = 8 - h.length - t.length;
  if (tail === undefined ? missing !== 0 : missing < 0) return null;
  return [...h, ...Array<string>(Math.max(missing, 0)).fill('0'), ...t].map((g) => g.replace(/^0+(?=.)/, ''));
}

/**
 * Called by the production server on every request before anything else reads it: writes CLIENT_HEADER and,
 * without trusted proxies, removes the forwarding headers, so neither Next.js's own server-action origin check
 * nor ours (proxy.ts) can be told by the client which host it asked for.
 */
export function stampClient(req: IncomingMessage, hops: number): string {
  trustStampedClients();
  const address = resolveClientAddress(req.socket.remoteAddress, req.headers['x-forwarded-for'], hops);
  if (hops <= 0) for (const name of FORWARDING_HEADERS) delete req.headers[name];
  req.headers[CLIENT_HEADER] = address;
  return address;
}

type HeaderBag = Headers | Record<string, string | string[] | undefined>;

function header(headers: HeaderBag, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/**
 * The client of a request that reached Next.js. Behind the production server, the address it stamped; under a
 * server that stamps nothing (next dev), X-Forwarded-For when proxies are trusted, else "unknown" — every such
 * client then shares one limit, which errs on the side of limiting.
 */
export function clientFromHeaders(headers: HeaderBag, hops: number): string {
  if ((globalThis as Marked)[FRONT_SERVER]) return header(headers, CLIENT_HEADER) ?? UNKNOWN_CLIENT;
  return hops > 0 ? resolveClientAddress(null, header(headers, 'x-forwarded-for'), hops) : UNKNOWN_CLIENT;
}

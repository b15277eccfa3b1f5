import http from 'node:http';
import { stampClient } from '@/lib/http/client-address';

export type WebServerOptions = {
  /** Proxies of ours in front (TRUSTED_PROXY_HOPS). */
  trustedProxyHops: number;
  headersTimeoutMs: number;
  requestTimeoutMs: number;
};

/**
 * The HTTP server of `npm start`, before any routing: every request is stamped with its client's address (and,
 * without trusted proxies, stripped of X-Forwarded-*) before a handler sees it, and slow clients are cut off.
 * Node's defaults give a client 60 s for its headers and 300 s for the whole request, so a few hundred
 * connections trickling a byte at a time would hold the server's sockets for minutes; here a client that has
 * not sent its headers within headersTimeoutMs, or its whole request within requestTimeoutMs, gets 408 and the
 * connection closes. Idle kept-alive connections close after 5 s (Node's default, stated here on purpose).
 */
export function createWebServer(
  handler: (req: http.IncomingMessage, res: http.ServerResponse) => void,
  o: WebServerOptions,
) {
  const server = http.createServer(
    {
      headersTimeout: o.headersTimeoutMs,
      requestTimeout: o.requestTimeoutMs,
      keepAliveTimeout: 5_000,
      // Node checks both timeouts on this interval (default 30 s, which would let a short timeout run 30 s late).
      connectionsCheckingInterval: Math.min(1_000, o.headersTimeoutMs),
    },
    (req, res) => {
      stampClient(req, o.trustedProxyHops);
      handler(req, res);
    },
  );
  return server;
}

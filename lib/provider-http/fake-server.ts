import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

// Test-only: a throwaway HTTP server on 127.0.0.1 that answers the clients' unit tests with canned
// responses. The full provider simulator lives in sandbox/.

export type Seen = {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** The client's port: equal across requests when the connection was reused. */
  remotePort: number | undefined;
};
export type Reply = {
  status: number;
  headers?: Record<string, string>;
  /** An object is sent as JSON; a string or bytes as they are. */
  body?: unknown;
  /** Never answer (to exercise client timeouts). */
  hang?: boolean;
};

export type FakeServer = { url: string; seen: Seen[]; close(): Promise<void> };

export async function startFakeServer(handle: (req: Seen) => Reply | Promise<Reply>): Promise<FakeServer> {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const request = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks),
        remotePort: req.socket.remotePort,
      };
      seen.push(request);
      const reply = await handle(request);
      if (reply.hang) return;
      const isRaw = typeof reply.body === 'string' || reply.body instanceof Uint8Array;
      const payload =
        reply.body === undefined ? '' : isRaw ? (reply.body as string | Uint8Array) : JSON.stringify(reply.body);
      const type = isRaw || reply.body === undefined ? {} : { 'content-type': 'application/json' };
      res.writeHead(reply.status, { ...type, ...reply.headers });
      res.end(payload);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

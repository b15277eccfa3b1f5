import type { AddressInfo } from 'node:net';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { CLIENT_HEADER } from '@/lib/http/client-address';
import { createWebServer } from './web-server';

type Server = ReturnType<typeof createWebServer>;
let server: Server | undefined;

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

/** A server that echoes the headers its handler saw, after reading the whole body. */
async function start(hops = 0) {
  server = createWebServer(
    (req, res) => {
      req.resume();
      req.on('end', () => res.end(JSON.stringify(req.headers)));
    },
    { trustedProxyHops: hops, headersTimeoutMs: 500, requestTimeoutMs: 1_000 },
  );
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** Writes `data` and waits for the server to end the connection; resolves with everything it answered. */
function trickle(port: number, data: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(data));
    let answer = '';
    socket.on('data', (d) => (answer += d.toString()));
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
    // Far beyond the configured timeouts, far below Node's defaults (60 s headers, 300 s request).
    setTimeout(() => reject(new Error('the server kept a slow connection open')), 10_000).unref();
  });
}

describe('production web server', () => {
  it('closes a connection whose headers never finish', async () => {
    const port = await start();
    const answer = await trickle(port, 'GET / HTTP/1.1\r\nHost: console.example\r\nX-Slow: ');
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
  });

  it('closes a connection whose body never finishes', async () => {
    const port = await start();
    const answer = await trickle(
      port,
      'POST / HTTP/1.1\r\nHost: console.example\r\nContent-Length: 1000\r\n\r\n{"partial":',
    );
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
  });

  it('keeps a live stream (Server-Sent Events) open past the request timeout, each event arriving as written', async () => {
    server = createWebServer(
      (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache, no-transform' });
        let n = 0;
        const tick = setInterval(() => {
          res.write(`data: ${++n}\n\n`);
          if (n === 5) {
            clearInterval(tick);
            res.end();
          }
        }, 500);
      },
      // The request timeout bounds receiving the request (a GET's is complete at once), not the answer.
      { trustedProxyHops: 0, headersTimeoutMs: 500, requestTimeoutMs: 1_000 },
    );
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api/live`);
    const reader = res.body!.getReader();
    const arrivals: number[] = [];
    const t0 = Date.now();
    let text = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
      arrivals.push(Date.now() - t0);
    }
    expect(text).toBe('data: 1\n\ndata: 2\n\ndata: 3\n\ndata: 4\n\ndata: 5\n\n');
    // Not buffered until the end: the first event came about 2 s before the last.
    expect(arrivals.at(-1)! - arrivals[0]!).toBeGreaterThan(1_500);
  });

  it('stamps the socket address and drops forwarding headers the client wrote', async () => {
    const port = await start();
    const res = await fetch(`http://127.0.0.1:${port}/`, {
      headers: { 'x-forwarded-host': 'evil.example', 'x-forwarded-for': '1.1.1.1', [CLIENT_HEADER]: '1.1.1.1' },
    });
    const seen = (await res.json()) as Record<string, string>;
    expect(seen[CLIENT_HEADER]).toBe('127.0.0.1');
    expect(seen['x-forwarded-host']).toBeUndefined();
    expect(seen['x-forwarded-for']).toBeUndefined();
  });

  it('believes a trusted proxy', async () => {
    const port = await start(1);
    const res = await fetch(`http://127.0.0.1:${port}/`, {
      headers: { 'x-forwarded-host': 'console.example', 'x-forwarded-for': '1.1.1.1, 198.51.100.7' },
    });
    const seen = (await res.json()) as Record<string, string>;
    expect(seen[CLIENT_HEADER]).toBe('198.51.100.7');
    expect(seen['x-forwarded-host']).toBe('console.example');
  });
});

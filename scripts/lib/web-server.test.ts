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

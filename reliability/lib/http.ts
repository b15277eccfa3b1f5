// HTTP for the scenarios: node:http with a keep-alive agent and a hard deadline per request that destroys the
// socket. (Node 20's fetch was seen to hang for good here, past its AbortSignal.timeout, when a server was
// killed or restarted mid-request — exactly what these scenarios do.)
import http from 'node:http';

const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

export type HttpAnswer = { status: number; text: string; headers: http.IncomingHttpHeaders };

export class HttpError extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

export function request(
  url: string,
  o: { method?: string; headers?: Record<string, string>; body?: string; timeoutMs?: number } = {},
): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: o.method ?? 'GET', headers: o.headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), headers: res.headers }),
      );
      res.on('error', (e: NodeJS.ErrnoException) => reject(new HttpError(e.code ?? e.message)));
    });
    const timer = setTimeout(() => req.destroy(new HttpError('TIMEOUT')), o.timeoutMs ?? 30_000);
    req.on('close', () => clearTimeout(timer));
    req.on('error', (e: NodeJS.ErrnoException) =>
      reject(e instanceof HttpError ? e : new HttpError(e.code ?? e.message)),
    );
    req.end(o.body);
  });
}

/** The sandbox's control API (`/_control`): JSON in, JSON out, any non-2xx is an error. */
export function controlClient(base: string) {
  return async (path: string, body?: unknown, method = body === undefined ? 'GET' : 'POST'): Promise<unknown> => {
    const res = await request(`${base}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      timeoutMs: 10_000,
    });
    if (res.status < 200 || res.status >= 300) throw new Error(`sandbox ${method} ${path}: HTTP ${res.status}`);
    return JSON.parse(res.text) as unknown;
  };
}

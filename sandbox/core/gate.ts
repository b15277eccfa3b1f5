// The path every provider request takes, in the order a real edge applies it: injected faults (an outage
// hits everyone), then authentication, then the rate limit, then the route. Errors use the provider's own
// envelope so the app's error classification is exercised exactly as against the real API.
import type { FaultStore } from './faults';
import { type Ctx, matchRoute, type Provider, type Route } from './http';
import type { TokenBucket } from './rate-limit';

export interface ProviderApp {
  readonly provider: Provider;
  readonly routes: Route[];
  readonly bucket: TokenBucket;
  /** Answers with this provider's error envelope. */
  error(
    ctx: Ctx,
    status: number,
    code: string,
    message: string,
    extra?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): void;
  /** The error code this provider uses for a bare HTTP status (injected faults, 404, 500). */
  codeFor(status: number): string;
  /** True when the caller may proceed; otherwise it has already answered 401/403. */
  authorize(ctx: Ctx, route: Route | undefined): boolean;
}

const STATUS_MESSAGES: Record<number, string> = {
  400: 'Bad request.',
  401: 'Unauthenticated.',
  403: 'Forbidden.',
  404: 'Not found.',
  409: 'Conflict.',
  429: 'Too many requests.',
  500: 'Internal server error.',
  502: 'Bad gateway.',
  503: 'Service temporarily unavailable. Please retry later.',
  504: 'Gateway timeout.',
};

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function handleProviderRequest(app: ProviderApp, faults: FaultStore, ctx: Ctx): Promise<void> {
  ctx.res.setHeader('x-request-id', ctx.requestId);

  const key = ctx.req.headers['idempotency-key'];
  const fault = faults.match(app.provider, ctx.method, ctx.path, typeof key === 'string' ? key : null);
  if (fault) {
    if (fault.latencyMs > 0) await wait(fault.latencyMs);
    if (fault.status === 0) {
      // A dropped connection: the client sees a network error (ECONNRESET / "socket hang up").
      ctx.req.socket.destroy();
      return;
    }
    if (fault.status !== null) {
      const retryable = fault.status === 429 || fault.status === 503;
      const headers: Record<string, string> = retryable ? { 'retry-after': '1' } : {};
      const extra = fault.status === 429 ? { retry_after: 1 } : {};
      app.error(
        ctx,
        fault.status,
        app.codeFor(fault.status),
        STATUS_MESSAGES[fault.status] ?? `HTTP ${fault.status}`,
        extra,
        headers,
      );
      return;
    }
  }

  const match = matchRoute(app.routes, ctx.method, ctx.path);
  if (!app.authorize(ctx, match?.route)) return;

  const taken = app.bucket.take();
  if (!taken.ok) {
    const message = `Rate limit exceeded (${app.bucket.ratePerSecond} requests per second). Retry after the number of seconds in Retry-After.`;
    app.error(
      ctx,
      429,
      app.codeFor(429),
      message,
      { retry_after: taken.retryAfterSeconds },
      { 'retry-after': String(taken.retryAfterSeconds) },
    );
    return;
  }

  if (!match) {
    app.error(ctx, 404, app.codeFor(404), `No route for ${ctx.method} ${ctx.path}.`);
    return;
  }
  ctx.params = match.params;
  await match.route.handle(ctx);
}

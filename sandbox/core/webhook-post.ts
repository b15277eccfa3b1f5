// One webhook HTTP POST with a timeout, reporting instead of throwing: the delivery log records network
// errors and timeouts the same way as HTTP statuses.

export interface PostResult {
  startedAt: number;
  status: number | null;
  error: string | null;
  durationMs: number;
}

export async function postWebhook(
  url: string,
  headersAt: (nowMs: number) => Record<string, string>,
  body: string,
  timeoutMs: number,
  shutdown: AbortSignal,
): Promise<PostResult> {
  const startedAt = Date.now();
  const signal = AbortSignal.any([shutdown, AbortSignal.timeout(timeoutMs)]);
  let status: number | null = null;
  let error: string | null = null;
  try {
    const res = await fetch(url, { method: 'POST', headers: headersAt(startedAt), body, signal });
    status = res.status;
    await res.arrayBuffer();
  } catch (e) {
    if (shutdown.aborted) error = 'sandbox shutting down';
    else if (signal.aborted) error = `no response within ${timeoutMs} ms`;
    else error = e instanceof Error ? (e.cause instanceof Error ? e.cause.message : e.message) : String(e);
  }
  return { startedAt, status, error, durationMs: Date.now() - startedAt };
}

import { request } from 'undici';
import { ChannelError } from './message';

const TIMEOUT_MS = 10_000;

/**
 * POSTs JSON and wants a 2xx. Errors carry only the status or an error code: webhook URLs hold their
 * secret in the path, and undici's messages may repeat the address.
 */
export async function postJson(url: string, body: unknown, timeoutMs = TIMEOUT_MS): Promise<void> {
  let status: number;
  try {
    const res = await request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'invoice-ops-alerts' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
    status = res.statusCode;
    await res.body.dump();
  } catch (error) {
    const e = error as { name?: string; code?: string };
    if (
      e.name === 'TimeoutError' ||
      e.name === 'AbortError' ||
      e.code === 'UND_ERR_HEADERS_TIMEOUT' ||
      e.code === 'UND_ERR_BODY_TIMEOUT'
    )
      throw new ChannelError(`no answer within ${timeoutMs / 1000} s`);
    throw new ChannelError(e.code ? `network error ${e.code}` : 'network error');
  }
  if (status < 200 || status >= 300) throw new ChannelError(`HTTP ${status}`);
}

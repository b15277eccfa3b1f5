// Timing console pages the way a browser's first request sees them: one GET with the session cookie over
// loopback, until the last byte of the streamed response (every Suspense boundary resolved).
import { quantile } from './stats';

export type PageCheck = (res: { status: number; location: string | null; body: string }) => string | null;

/** One request: full response time in ms, status, body. Redirects are not followed (a search hit answers with one). */
async function timedGet(
  url: string,
  cookie: string,
): Promise<{ ms: number; status: number; body: string; location: string | null }> {
  const t0 = performance.now();
  const res = await fetch(url, { headers: { cookie, accept: 'text/html' }, redirect: 'manual' });
  const body = await res.text();
  const ms = performance.now() - t0;
  return { ms, status: res.status, body, location: res.headers.get('location') };
}

/**
 * `n` sequential requests after `warmup` unmeasured ones; every response must pass `check` (status, rows),
 * so a broken page cannot look fast. Returns the p95 in ms and the samples.
 */
export async function pageP95(
  url: string,
  cookie: string,
  n: number,
  check: PageCheck,
  warmup = 2,
): Promise<{ p95: number; samples: number[] }> {
  const samples: number[] = [];
  for (let i = 0; i < warmup + n; i++) {
    const r = await timedGet(url, cookie);
    const problem = check(r);
    if (problem) throw new Error(`${url.replace(/^https?:\/\/[^/]+/, '')}: ${problem}`);
    if (i >= warmup) samples.push(r.ms);
  }
  return { p95: quantile(samples, 0.95), samples };
}

/**
 * Data rows of the console's tables: every `<tr>` inside a `<tbody>`, except the loading skeleton's (streamed
 * pages send it first, then the real table) and the "Nothing here yet." row.
 */
function tableRows(html: string): number {
  let rows = 0;
  for (const m of html.matchAll(/<tbody[^>]*>([\s\S]*?)<\/tbody>/g)) {
    const body = m[1] ?? '';
    if (body.includes('animate-pulse')) continue;
    const trs = body.match(/<tr[\s>]/g)?.length ?? 0;
    rows += body.includes('Nothing here yet.') ? Math.max(0, trs - 1) : trs;
  }
  return rows;
}

/** 200 and at least `min` table rows. */
export const hasRows =
  (min = 1): PageCheck =>
  ({ status, body }) => {
    if (status !== 200) return `HTTP ${status}`;
    const n = tableRows(body);
    return n >= min ? null : `rendered ${n} table rows, expected at least ${min}`;
  };

/** 200, not the error boundary, and table rows — or the empty state the console shows when a list has none. */
export const renderedList: PageCheck = ({ status, body }) => {
  if (status !== 200) return `HTTP ${status}`;
  // A Suspense boundary that failed on the server streams its error digest instead of its content.
  if (body.includes('>Try again<') || body.includes('data-dgst=')) return 'a part of the page failed on the server';
  return tableRows(body) > 0 || body.includes('Nothing here yet.') ? null : 'rendered neither rows nor the empty state';
};

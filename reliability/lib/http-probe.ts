// HTTP helpers for the security scenarios: every response is saved under workDir (the runner's secret scan
// reads everything there), so a leaked key or stack trace in any answer is caught too.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';

export type Probe = { status: number; headers: Headers; text: string };

let counter = 0;

/** A file name that sorts in request order and says what was asked. */
function fileName(label: string) {
  counter += 1;
  return `${String(counter).padStart(5, '0')}-${label.replace(/[^\w.-]+/g, '_').slice(0, 80)}.txt`;
}

function saveText(workDir: string, label: string, text: string): string {
  mkdirSync(workDir, { recursive: true });
  const file = path.join(workDir, fileName(label));
  writeFileSync(file, text);
  return file;
}

/** fetch() without following redirects, the answer saved with its status and headers. */
export async function probe(workDir: string, label: string, url: string, init: RequestInit = {}): Promise<Probe> {
  const res = await fetch(url, { redirect: 'manual', ...init, signal: init.signal ?? AbortSignal.timeout(60_000) });
  const text = await res.text();
  const head = [...res.headers].map(([k, v]) => `${k}: ${v}`).join('\n');
  saveText(workDir, label, `${init.method ?? 'GET'} ${url}\n\nHTTP ${res.status}\n${head}\n\n${text}`);
  return { status: res.status, headers: res.headers, text };
}

/**
 * A request whose answer does not end (Server-Sent Events): status and headers, and the body up to its first event
 * (or `ms`), saved like any other answer; then the connection is closed.
 */
export async function probeStream(
  workDir: string,
  label: string,
  url: string,
  init: RequestInit = {},
  ms = 5_000,
): Promise<Probe> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), ms);
  let text = '';
  try {
    const res = await fetch(url, { redirect: 'manual', ...init, signal: abort.signal });
    if (res.body) {
      const reader = res.body.getReader();
      const decoder = new TextDecoder();
      try {
        while (!text.includes('\n\n')) {
          const { done, value } = await reader.read();
          if (done) break;
          text += decoder.decode(value, { stream: true });
        }
      } catch {
        // Cut off at `ms`: what arrived is the answer.
      }
    }
    const head = [...res.headers].map(([k, v]) => `${k}: ${v}`).join('\n');
    saveText(workDir, label, `${init.method ?? 'GET'} ${url}\n\nHTTP ${res.status}\n${head}\n\n${text}`);
    return { status: res.status, headers: res.headers, text };
  } finally {
    clearTimeout(timer);
    abort.abort();
  }
}

/** A small pool on the stack's database, for reading state before and after (the scenarios' ground truth). */
export function openDb(databaseUrl: string): pg.Pool {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2, application_name: 'invoice-ops-reliability' });
  pool.on('error', () => {});
  return pool;
}

export async function one<T extends Record<string, unknown>>(
  pool: pg.Pool,
  text: string,
  values: unknown[] = [],
): Promise<T> {
  const { rows } = await pool.query<T>(text, values);
  return rows[0]!;
}

/** A plain-text table for the log: one row per case. */
export function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

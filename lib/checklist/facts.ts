import { SAMPLE, type ChecklistFacts } from '@/db/queries/checklist';
import { formatAge } from '@/lib/format';
import type { ChecklistProvider } from './types';

// Small readers over ChecklistFacts so evaluators read like the checklist, not like SQL.

type F = ChecklistFacts;
type Window = 'n' | 'n24h' | 'n7d' | 'nPrev7d';

/** Operation names as the provider clients record them in api_calls. */
export const ops = {
  upload: ['documents.upload'],
  send: ['documents.send'],
  validate: ['documents.validate'],
  lookup: ['participants.lookup'],
};

export const n = (value: number) => value.toLocaleString('en-GB');
/** "402 ×6": how often a status was answered. */
export const times = (status: string, count: number) => `${status} ×${n(count)}`;
export const plural = (count: number, one: string, many = `${one}s`) => `${n(count)} ${count === 1 ? one : many}`;
export const ago = (at: Date, now: Date) => `${formatAge(at, now)} ago`;
export const percent = (part: number, whole: number) =>
  whole === 0 ? '—' : `${(Math.round((part / whole) * 1000) / 10).toLocaleString('en-GB')} %`;

/** Sum of one rollup metric over the series whose dims match. */
export function rollup(f: F, metric: string, match: (dims: string[]) => boolean = () => true, window: Window = 'n') {
  return f.rollups.filter((r) => r.metric === metric && match(r.dims)).reduce((s, r) => s + r[window], 0);
}

/** Provider calls from the api_call rollup, by operation and HTTP status ('none' = no response). */
export function calls(
  f: F,
  provider: ChecklistProvider,
  o: { ops?: string[]; status?: (s: string) => boolean; window?: Window } = {},
) {
  return rollup(
    f,
    'api_call',
    ([p, op, s]) => p === provider && (!o.ops || o.ops.includes(op!)) && (!o.status || o.status(s!)),
    o.window,
  );
}
export const isError = (s: string) => !s.startsWith('2');

export function webhooksBySignature(f: F, provider: ChecklistProvider, signatures: string[]) {
  return rollup(f, 'webhook', ([p, , s]) => p === provider && signatures.includes(s!));
}
export const GENUINE = ['valid', 'valid_previous_secret'];

/** Totals over the newest webhook deliveries of one provider. */
export function webhookSample(
  f: F,
  provider: ChecklistProvider,
  match: (w: F['webhooks'][number]) => boolean = () => true,
) {
  const rows = f.webhooks.filter((w) => w.provider === provider && match(w));
  return {
    n: rows.reduce((s, w) => s + w.n, 0),
    duplicates: rows.reduce((s, w) => s + w.duplicates, 0),
  };
}

/** Newest calls of a provider: kind 'all' (with request-ID counts), or '429' / '5xx' / 'none' with recovered / waiting. */
export function callSample(f: F, provider: ChecklistProvider, kind: 'all' | '429' | '5xx' | 'none' = 'all') {
  const rows = f.calls.filter((c) => c.provider === provider && c.kind === kind);
  const sum = (k: 'n' | 'recovered' | 'waiting' | 'noRequestId') => rows.reduce((s, c) => s + c[k], 0);
  return { n: sum('n'), recovered: sum('recovered'), waiting: sum('waiting'), noRequestId: sum('noRequestId') };
}

export function sends(f: F, match: (t: F['sends'][number]) => boolean) {
  return f.sends
    .filter(match)
    .reduce((s, t) => ({ n: s.n + t.n, retried: s.retried + t.retried, noKey: s.noKey + t.noKey }), {
      n: 0,
      retried: 0,
      noKey: 0,
    });
}

export function docs(f: F, match: (d: F['docs'][number]) => boolean) {
  return f.docs.filter(match).reduce(
    (s, d) => ({
      n: s.n + d.n,
      withExdataId: s.withExdataId + d.withExdataId,
      reuploads: s.reuploads + d.reuploads,
      withRequestId: s.withRequestId + d.withRequestId,
    }),
    { n: 0, withExdataId: 0, reuploads: 0, withRequestId: 0 },
  );
}

export function alertCount(f: F, rule: string, status?: string) {
  return f.alerts.filter((a) => a.rule === rule && (!status || a.status === status)).reduce((s, a) => s + a.n, 0);
}

/** A stored setting object, or null when the admin never saved it (code defaults apply). */
export function setting(f: F, key: string): Record<string, unknown> | null {
  const v = f.settings[key]?.value;
  return v && typeof v === 'object' ? (v as Record<string, unknown>) : null;
}

/** When the sample does not cover everything, say how far back it reaches. */
export function sampleSpan(f: F, now: Date) {
  const rows = f.webhooks;
  const total = rows.reduce((s, w) => s + w.n, 0);
  if (total < SAMPLE || rows.length === 0) return '';
  const since = new Date(Math.min(...rows.map((w) => w.since.getTime())));
  return ` (newest ${n(total)} deliveries, since ${ago(since, now)})`;
}

/** The local provider sandbox (or nothing configured) rather than a real provider. */
export function isLocalUrl(url: string | undefined) {
  if (!url) return true;
  try {
    const host = new URL(url).hostname;
    return host === 'localhost' || host === '127.0.0.1' || host === '[::1]' || host.endsWith('.localhost');
  } catch {
    return true;
  }
}

// Every filter and search parameter the console takes from a URL (app/(console)/**/page.tsx, lib/search-params.ts,
// app/api/export/[view], app/api/failures/retryable, app/api/live/newer/[list]), with how the server reads it: `enum` and `day` values
// outside their set are ignored (so any payload must give the unfiltered rows), `cursor` is decoded or ignored
// (first page), `text` is a literal compared in SQL (a payload must match what an unknown literal matches).

import { createHash } from 'node:crypto';

export type ParamKind = 'enum' | 'day' | 'cursor' | 'text';
export type SqlTarget = { path: string; params: Record<string, ParamKind>; role: 'admin' };

export const sqlTargets: SqlTarget[] = [
  {
    path: '/documents',
    role: 'admin',
    params: { state: 'enum', vendor: 'text', from: 'day', to: 'day', after: 'cursor', top: 'cursor', view: 'enum' },
  },
  {
    path: '/transactions',
    role: 'admin',
    params: {
      status: 'enum',
      direction: 'enum',
      participant: 'text',
      country: 'text',
      documentType: 'text',
      from: 'day',
      to: 'day',
      after: 'cursor',
      top: 'cursor',
    },
  },
  { path: '/webhooks', role: 'admin', params: { provider: 'enum', result: 'enum', after: 'cursor', top: 'cursor' } },
  {
    path: '/audit',
    role: 'admin',
    params: { actor: 'text', action: 'enum', targetType: 'text', targetId: 'text', after: 'cursor', top: 'cursor' },
  },
  { path: '/alerts', role: 'admin', params: { status: 'enum', after: 'cursor' } },
  { path: '/failures', role: 'admin', params: { category: 'enum', kind: 'enum' } },
  { path: '/search', role: 'admin', params: { q: 'text' } },
  { path: '/', role: 'admin', params: { range: 'enum' } },
  { path: '/api/export/documents', role: 'admin', params: { state: 'enum', vendor: 'text', from: 'day', to: 'day' } },
  {
    path: '/api/export/transactions',
    role: 'admin',
    params: {
      status: 'enum',
      direction: 'enum',
      participant: 'text',
      country: 'text',
      documentType: 'text',
      from: 'day',
      to: 'day',
    },
  },
  { path: '/api/export/webhooks', role: 'admin', params: { provider: 'enum', result: 'enum' } },
  {
    path: '/api/export/audit',
    role: 'admin',
    params: { actor: 'text', action: 'enum', targetType: 'text', targetId: 'text' },
  },
  { path: '/api/failures/retryable', role: 'admin', params: { category: 'enum' } },
  // The live lists' "N new" counts read the page's own filters, and `since`, the first row's cursor.
  {
    path: '/api/live/newer/documents',
    role: 'admin',
    params: { state: 'enum', vendor: 'text', from: 'day', to: 'day', since: 'cursor' },
  },
  {
    path: '/api/live/newer/transactions',
    role: 'admin',
    params: { status: 'enum', direction: 'enum', participant: 'text', country: 'text', from: 'day', since: 'cursor' },
  },
  { path: '/api/live/newer/webhooks', role: 'admin', params: { provider: 'enum', result: 'enum', since: 'cursor' } },
  {
    path: '/api/live/newer/audit',
    role: 'admin',
    params: { actor: 'text', action: 'enum', targetId: 'text', since: 'cursor' },
  },
];

const cursor = (at: string, id: string) => Buffer.from(JSON.stringify({ at, id })).toString('base64url');

/** The CI subset (`--fast`): one payload of each kind — quote, tautology, stacked query, union, NUL, edited cursors. */
export const fastPayloadIndexes = [0, 4, 8, 10, 14, 16, 18, 20, 21, 22];

/** Classic payloads: quote breaks, tautologies, stacked queries, unions, comments, casts, NUL, encodings, huge input. */
export const sqlPayloads: string[] = [
  `'`,
  `''`,
  `"`,
  `\\`,
  `' OR '1'='1`,
  `' OR 1=1--`,
  `') OR ('1'='1`,
  `%' OR '%'='`,
  `1; DROP TABLE documents--`,
  `'; select pg_sleep(3)--`,
  `' UNION SELECT NULL,NULL,NULL--`,
  `'||(select current_user)||'`,
  `1::int`,
  `$1`,
  `%`,
  `_`,
  `\u0000`,
  `' AND 1=CAST((SELECT version()) AS int)--`,
  `é'ü—🙂`,
  'x'.repeat(5000),
  // Edited cursors: well-formed JSON whose fields are not what the column holds.
  cursor('2026-01-01 00:00:00+00', 'not-a-uuid'),
  cursor('2026-99-99 99:99:99+00', '00000000-0000-4000-8000-000000000000'),
  cursor(`2026-01-01 00:00:00+00'; select 1--`, '1'),
];

// A streamed page can fail after its 200 status: React then marks the failed boundary with the error's digest
// (`data-dgst="<number>"`) and the browser shows app/(console)/error.tsx. (An empty digest is not an error.)
export const ERROR_MARK = /data-dgst="\d+"|This page could not be loaded\./;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

/** Which rows an answer shows: the item IDs a page links to (HTML) or the exact CSV/JSON body (APIs). */
export function rowSet(path: string, text: string): string {
  if (path.startsWith('/api/')) return createHash('sha256').update(text).digest('hex').slice(0, 16);
  const ids = [...new Set(text.match(UUID) ?? [])].sort();
  return createHash('sha256').update(ids.join(',')).digest('hex').slice(0, 16) + `:${ids.length}`;
}

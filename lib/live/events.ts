// What the live console says about a change: the page topic and the IDs of the rows that changed, nothing else.
// Shared by the server (listener, stream) and the browser (provider, components), so it imports nothing.

/** The channel the database notifies on (db/migrations/0017_live_changes.sql). */
export const LIVE_CHANNEL = 'invoice_ops_changes';

/** One topic per kind of row a page shows; the migration's triggers name them. */
export const liveTopics = ['documents', 'transactions', 'webhooks', 'alerts', 'audit'] as const;
export type LiveTopic = (typeof liveTopics)[number];

/**
 * Rows of one topic changed. `ids` are the rows' own IDs, or 'all' when a statement changed more than 50 (or the
 * listener may have missed changes while reconnecting). `documentIds` / `transactionIds` name the document and the
 * send the rows belong to, so their pages hear about them (a send, a delivery).
 */
export type LiveChange = {
  topic: LiveTopic;
  ids: string[] | 'all';
  documentIds?: string[];
  transactionIds?: string[];
};

/** Above this many IDs of one topic a merged change says 'all' (as the trigger does for a statement). */
const MAX_IDS = 50;

const isTopic = (v: unknown): v is LiveTopic => typeof v === 'string' && (liveTopics as readonly string[]).includes(v);
const idList = (v: unknown): string[] | undefined =>
  Array.isArray(v) && v.every((x) => typeof x === 'string' && x.length <= 40) ? (v as string[]) : undefined;

/** A change from its JSON (a notification payload, a stream message); null when it is not one. */
export function parseChange(value: unknown): LiveChange | null {
  if (!value || typeof value !== 'object') return null;
  const v = value as Record<string, unknown>;
  if (!isTopic(v.topic)) return null;
  const ids = v.ids === 'all' ? 'all' : idList(v.ids);
  if (!ids) return null;
  const change: LiveChange = { topic: v.topic, ids };
  const documentIds = idList(v.documentIds);
  const transactionIds = idList(v.transactionIds);
  if (documentIds?.length) change.documentIds = documentIds;
  if (transactionIds?.length) change.transactionIds = transactionIds;
  return change;
}

/** Every topic changed, IDs unknown: what a listener says after it may have missed notifications. */
export const resync = (topics: readonly LiveTopic[] = liveTopics): LiveChange[] =>
  topics.map((topic) => ({ topic, ids: 'all' }));

/**
 * Changes folded into one per topic: IDs united, 'all' when any was 'all' or the IDs of a topic exceed MAX_IDS.
 * What the stream sends a browser every 250 ms at most, and what a hidden tab keeps until it is shown again.
 */
export function mergeChanges(changes: readonly LiveChange[]): LiveChange[] {
  const byTopic = new Map<LiveTopic, { all: boolean; ids: Set<string>; docs: Set<string>; txns: Set<string> }>();
  for (const c of changes) {
    let m = byTopic.get(c.topic);
    if (!m) byTopic.set(c.topic, (m = { all: false, ids: new Set(), docs: new Set(), txns: new Set() }));
    if (m.all) continue;
    if (c.ids === 'all') {
      m.all = true;
      continue;
    }
    for (const id of c.ids) m.ids.add(id);
    for (const id of c.documentIds ?? []) m.docs.add(id);
    for (const id of c.transactionIds ?? []) m.txns.add(id);
    if (Math.max(m.ids.size, m.docs.size, m.txns.size) > MAX_IDS) m.all = true;
  }
  return [...byTopic].map(([topic, m]) => {
    if (m.all) return { topic, ids: 'all' };
    const change: LiveChange = { topic, ids: [...m.ids] };
    if (m.docs.size) change.documentIds = [...m.docs];
    if (m.txns.size) change.transactionIds = [...m.txns];
    return change;
  });
}

/** Does the change concern one of these rows (its own ID, or the document or send it belongs to)? 'all' always does. */
export function names(change: LiveChange, ids: ReadonlySet<string>): boolean {
  if (change.ids === 'all') return true;
  const hit = (list: readonly string[] | undefined) => list?.some((id) => ids.has(id)) ?? false;
  return hit(change.ids) || hit(change.documentIds) || hit(change.transactionIds);
}

export type Change = { key: string; before?: string; after?: string; kind: 'added' | 'removed' | 'changed' };

const asRecord = (v: unknown): Record<string, unknown> =>
  v != null && typeof v === 'object' && !Array.isArray(v)
    ? (v as Record<string, unknown>)
    : v == null
      ? {}
      : { value: v };

const text = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

/**
 * The keys an audited action changed, flattened one level deep ("fields.iban"), so the audit page shows
 * "iban: BE71… → NL91…" instead of two JSON blobs the reader has to compare by eye. Unchanged keys are left out.
 */
export function diffChanges(before: unknown, after: unknown): Change[] {
  const flat = (v: unknown) => {
    const out = new Map<string, unknown>();
    for (const [k, val] of Object.entries(asRecord(v))) {
      if (val != null && typeof val === 'object' && !Array.isArray(val) && Object.keys(val).length > 0) {
        for (const [k2, v2] of Object.entries(val as Record<string, unknown>)) out.set(`${k}.${k2}`, v2);
      } else out.set(k, val);
    }
    return out;
  };
  const [b, a] = [flat(before), flat(after)];
  const keys = [...new Set([...b.keys(), ...a.keys()])];
  const changes: Change[] = [];
  for (const key of keys) {
    const [x, y] = [b.get(key), a.get(key)];
    const [hasX, hasY] = [x !== undefined && x !== null, y !== undefined && y !== null];
    if (hasX && hasY) {
      if (text(x) !== text(y)) changes.push({ key, before: text(x), after: text(y), kind: 'changed' });
    } else if (hasY) changes.push({ key, after: text(y), kind: 'added' });
    else if (hasX) changes.push({ key, before: text(x), kind: 'removed' });
  }
  return changes;
}

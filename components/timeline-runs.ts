// Consecutive identical provider calls on a timeline — a poll answered 404 every few seconds — read as one line
// with a count ("× 37, last at …") instead of a screenful. The rows stay as they are; only what is shown folds.

/** The fields collapsing looks at. `repeats`/`lastAt` are set on an entry that already stands for a run. */
export type Repeatable = { kind: string; title: string; createdAt: Date; repeats?: number; lastAt?: Date };

export type Run<T> = T & { repeats: number; lastAt: Date };

/**
 * One API call repeats the one before it when both are API calls with the same title: the title is
 * "provider METHOD path → status", so same provider, method, path and status. Anything in between (a transition,
 * a webhook, another call) ends the run.
 */
function repeatsPrevious(previous: Repeatable | undefined, entry: Repeatable): boolean {
  return (
    previous !== undefined &&
    previous.kind === 'api_call' &&
    entry.kind === 'api_call' &&
    previous.title === entry.title
  );
}

/** Folds each run of repeated API calls into its first entry, which keeps its own time and learns the count and the last time. */
export function collapseRepeatedCalls<T extends Repeatable>(entries: readonly T[]): Run<T>[] {
  const out: Run<T>[] = [];
  for (const entry of entries) {
    const last = out.at(-1);
    const repeats = entry.repeats ?? 1;
    const lastAt = entry.lastAt ?? entry.createdAt;
    if (last && repeatsPrevious(last, entry)) {
      last.repeats += repeats;
      if (lastAt > last.lastAt) last.lastAt = lastAt;
    } else {
      out.push({ ...entry, repeats, lastAt });
    }
  }
  return out;
}

const clock = new Intl.DateTimeFormat('en-GB', { timeStyle: 'medium', timeZone: 'UTC' });
const dayAndTime = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'UTC' });
const sameDay = (a: Date, b: Date) => a.toISOString().slice(0, 10) === b.toISOString().slice(0, 10);

/** "× 37, last at 14:02:11 UTC" beside the run's first entry (with the date when the run crossed midnight UTC). */
export function repeatLabel(run: { createdAt: Date; repeats: number; lastAt: Date }): string | null {
  if (run.repeats < 2) return null;
  const last = sameDay(run.createdAt, run.lastAt) ? clock.format(run.lastAt) : dayAndTime.format(run.lastAt);
  return `× ${run.repeats.toLocaleString('en-GB')}, last at ${last} UTC`;
}

import type { Database } from '@/db/client';
import { checklistAttestations, getChecklistFacts, type ChecklistFacts } from '@/db/queries/checklist';
import type { Env } from '@/lib/env';
import { formatDateTime } from '@/lib/format';
import { checklistItems } from './items';
import type { ChecklistItem, ChecklistProvider, ChecklistStatus, EvaluatedGroup, EvaluatedItem } from './types';

function attested(item: ChecklistItem, f: ChecklistFacts): Pick<EvaluatedItem, 'status' | 'evidence'> {
  const a = f.attestations.get(item.id);
  if (!a)
    return { status: 'manual', evidence: 'No data can prove this: an admin ticks it with a note once it is done.' };
  const when = formatDateTime(a.at);
  return a.done
    ? { status: 'pass', evidence: `Ticked by ${a.by} on ${when}: ${a.note}` }
    : { status: 'manual', evidence: `Marked not done by ${a.by} on ${when}: ${a.note}` };
}

function evaluateItem(item: ChecklistItem, f: ChecklistFacts, env: Env, now: Date): EvaluatedItem {
  const base = {
    id: item.id,
    text: item.text,
    ...(item.detail && { detail: item.detail }),
    manual: Boolean(item.manual),
  };
  if (item.manual) return { ...base, ...attested(item, f) };
  try {
    return { ...base, ...item.evaluate({ f, env, now }) };
  } catch (error) {
    // One broken evaluator must not take the whole checklist down; it shows as unproven instead.
    return {
      ...base,
      status: 'warn',
      evidence: `Could not evaluate: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}

/** Both production checklists, grouped as the providers group them, each item judged on live data. */
export async function evaluateChecklist(db: Database, env: Env, now = new Date()): Promise<EvaluatedGroup[]> {
  return judge(await getChecklistFacts(db, env.EXDATA_MODE === 'live' || env.GOROUTE_MODE === 'live'), env, now);
}

/**
 * How old the evidence the go-live page shows may be. Reading it costs about a dozen aggregate queries (~100 ms
 * of database time at a million rows on two cores); it moves in minutes, not seconds, so each server process
 * reuses one reading for this long. Attestations are always read fresh: an admin's tick shows at once.
 */
export const EVIDENCE_MAX_AGE_MS = 15_000;
const readings = new WeakMap<Database, { at: number; anyLive: boolean; facts: Promise<ChecklistFacts> }>();

/** The checklist as the page shows it: evidence at most EVIDENCE_MAX_AGE_MS old, and when it was read. */
export async function evaluateChecklistForPage(
  db: Database,
  env: Env,
  now = new Date(),
): Promise<{ groups: EvaluatedGroup[]; readAt: Date }> {
  const anyLive = env.EXDATA_MODE === 'live' || env.GOROUTE_MODE === 'live';
  let reading = readings.get(db);
  if (!reading || reading.anyLive !== anyLive || now.getTime() - reading.at > EVIDENCE_MAX_AGE_MS) {
    reading = { at: now.getTime(), anyLive, facts: getChecklistFacts(db, anyLive) };
    readings.set(db, reading);
    // A failed reading is not kept: the next view tries again.
    reading.facts.catch(() => readings.delete(db));
  }
  const [facts, attestations] = await Promise.all([reading.facts, checklistAttestations(db)]);
  return { groups: judge({ ...facts, attestations }, env, now), readAt: new Date(reading.at) };
}

function judge(f: ChecklistFacts, env: Env, now: Date): EvaluatedGroup[] {
  const groups: EvaluatedGroup[] = [];
  for (const item of checklistItems) {
    let group = groups.at(-1);
    if (!group || group.provider !== item.provider || group.group !== item.group) {
      group = { provider: item.provider, group: item.group, items: [] };
      groups.push(group);
    }
    group.items.push(evaluateItem(item, f, env, now));
  }
  return groups;
}

/** "31 pass · 4 warn · 1 fail · 12 manual" for one provider. */
export function summarize(groups: EvaluatedGroup[], provider: ChecklistProvider): Record<ChecklistStatus, number> {
  const counts: Record<ChecklistStatus, number> = { pass: 0, warn: 0, fail: 0, manual: 0 };
  for (const g of groups) if (g.provider === provider) for (const i of g.items) counts[i.status] += 1;
  return counts;
}

import type { Database } from '@/db/client';
import { getChecklistFacts, type ChecklistFacts } from '@/db/queries/checklist';
import type { Env } from '@/lib/env';
import { formatDateTime } from '@/lib/format';
import { checklistItems } from './items';
import type { ChecklistItem, ChecklistProvider, ChecklistStatus, EvaluatedGroup, EvaluatedItem } from './types';

function attested(item: ChecklistItem, f: ChecklistFacts): Pick<EvaluatedItem, 'status' | 'evidence'> {
  const a = f.attestations.get(item.id);
  if (!a) return { status: 'manual', evidence: 'No data can prove this: an admin ticks it with a note once it is done.' };
  const when = formatDateTime(a.at);
  return a.done ? { status: 'pass', evidence: `Ticked by ${a.by} on ${when}: ${a.note}` } : { status: 'manual', evidence: `Marked not done by ${a.by} on ${when}: ${a.note}` };
}

function evaluateItem(item: ChecklistItem, f: ChecklistFacts, env: Env, now: Date): EvaluatedItem {
  const base = { id: item.id, text: item.text, ...(item.detail && { detail: item.detail }), manual: Boolean(item.manual) };
  if (item.manual) return { ...base, ...attested(item, f) };
  try {
    return { ...base, ...item.evaluate({ f, env, now }) };
  } catch (error) {
    // One broken evaluator must not take the whole checklist down; it shows as unproven instead.
    return { ...base, status: 'warn', evidence: `Could not evaluate: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** Both production checklists, grouped as the providers group them, each item judged on live data. */
export async function evaluateChecklist(db: Database, env: Env, now = new Date()): Promise<EvaluatedGroup[]> {
  const f = await getChecklistFacts(db, env.EXDATA_MODE === 'live' || env.GOROUTE_MODE === 'live');
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

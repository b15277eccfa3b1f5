// Exact row counts. The documents' stories produce what they produce; the transactions without documents
// fill the transaction target; the webhook and API call targets are met by choosing when GoRoute webhooks
// were subscribed and when pre-send validation was switched on (newest first), and the small rest is stray
// traffic (rejected or unmatched webhooks, participant lookups and sweeps), never less than a floor.
import { accepted, type HistoryPlans } from './history';

export interface Targets {
  documents: number;
  transactions: number;
  webhooks: number;
  apiCalls: number;
}

export function targetsFor(scale: number): Targets {
  return {
    documents: Math.round(200_000 * scale),
    transactions: Math.round(1_000_000 * scale),
    webhooks: Math.round(1_000_000 * scale),
    apiCalls: Math.round(2_000_000 * scale),
  };
}

/** Share of all webhook requests that match nothing (mostly rejected signatures), and of stray API calls. */
const STRAY_WEBHOOKS = 0.05;
const STRAY_CALLS = 0.015;

export interface Budget {
  webhooksFrom: number;
  validateFromIndex: number;
  strayWebhooks: number;
  strayCalls: number;
}

export function planBudget(t: Targets, produced: { webhooks: number; apiCalls: number }, h: HistoryPlans): Budget {
  const restHooks = t.webhooks - produced.webhooks;
  const restCalls = t.apiCalls - produced.apiCalls - h.attempts.reduce((s, a) => s + a, 0);
  if (restHooks < 0 || restCalls < 0) {
    throw new Error(
      `the documents alone produced ${produced.webhooks} webhooks and ${produced.apiCalls} API calls (+ historical sends); targets ${t.webhooks} / ${t.apiCalls} cannot be met`,
    );
  }

  // Webhooks, newest first across historical sends and inbound invoices, until the budget is used.
  const hookAvail = restHooks - Math.round(t.webhooks * STRAY_WEBHOOKS);
  let j = h.outTimes.length - 1;
  let k = h.inTimes.length - 1;
  let used = 0;
  let from = Number.POSITIVE_INFINITY;
  while (j >= 0 || k >= 0) {
    const takeOut = k < 0 || (j >= 0 && h.outTimes[j]! >= h.inTimes[k]!);
    const cost = takeOut ? (accepted(h.outcome[j]!) ? 1 : 0) : 1;
    if (used + cost > hookAvail) break;
    used += cost;
    from = takeOut ? h.outTimes[j--]! : h.inTimes[k--]!;
  }
  // Ties at the boundary: the era is "at or after `from`", so count exactly what that includes.
  const hooksFrom = (at: number) => {
    let n = 0;
    h.outTimes.forEach((x, i) => (n += x >= at && accepted(h.outcome[i]!) ? 1 : 0));
    h.inTimes.forEach((x) => (n += x >= at ? 1 : 0));
    return n;
  };
  let eraHooks = hooksFrom(from);
  if (eraHooks > Math.max(0, hookAvail)) {
    from += 1;
    eraHooks = hooksFrom(from);
  }

  // Pre-send validation, newest historical sends first (one validate per attempt).
  const callAvail = restCalls - Math.round(t.apiCalls * STRAY_CALLS);
  let validates = 0;
  let v = h.outTimes.length;
  while (v > 0 && validates + h.attempts[v - 1]! <= callAvail) validates += h.attempts[--v]!;

  return {
    webhooksFrom: from,
    validateFromIndex: v,
    strayWebhooks: restHooks - eraHooks,
    strayCalls: restCalls - validates,
  };
}

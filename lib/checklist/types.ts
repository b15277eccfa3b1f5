import type { ChecklistFacts } from '@/db/queries/checklist';
import type { Env } from '@/lib/env';

export type ChecklistStatus = 'pass' | 'warn' | 'fail' | 'manual';
export type ChecklistProvider = 'exdata' | 'goroute';

/** What an evaluator says about one item, from live data. */
export type Outcome = { status: Exclude<ChecklistStatus, 'manual'>; evidence: string; link?: string };

export type EvalContext = { f: ChecklistFacts; env: Env; now: Date };

type Base = {
  /** Stable: attestations are stored under it. */
  id: string;
  provider: ChecklistProvider;
  group: string;
  /** The item as the provider's checklist words it. */
  text: string;
  /** The checklist's own explanation, when it gives one. */
  detail?: string;
};

/** Either data proves it (evaluate), or only a person can (manual: an admin ticks it with a note). */
export type ChecklistItem = Base &
  ({ manual: true; evaluate?: never } | { manual?: never; evaluate: (c: EvalContext) => Outcome });

export type EvaluatedItem = {
  id: string;
  text: string;
  detail?: string;
  status: ChecklistStatus;
  evidence: string;
  link?: string;
  manual: boolean;
};
export type EvaluatedGroup = { provider: ChecklistProvider; group: string; items: EvaluatedItem[] };

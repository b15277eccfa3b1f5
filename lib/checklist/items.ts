import { exdataItems } from './exdata-items';
import { gorouteSetupItems } from './goroute-items';
import { gorouteLaunchItems } from './goroute-launch-items';
import { gorouteOpsItems } from './goroute-ops-items';
import type { ChecklistItem } from './types';

/**
 * Every item of both providers' production checklists, in the seeds' order and groups. Ids are stable:
 * attestations are stored under them, so an id is never renamed or reused.
 */
export const checklistItems: readonly ChecklistItem[] = [
  ...exdataItems,
  ...gorouteSetupItems,
  ...gorouteOpsItems,
  ...gorouteLaunchItems,
];

/** Items only a person can confirm; the only ones an admin may attest. */
export const manualItemIds: ReadonlySet<string> = new Set(checklistItems.filter((i) => i.manual).map((i) => i.id));

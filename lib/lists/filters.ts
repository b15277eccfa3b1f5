// Each list's URL filters, read the same way by its page and by its live count of newer rows (lib/live/newer.ts):
// "12 new" must count exactly what the page would show above its first row.
import {
  alertStatuses,
  auditActions,
  directions,
  pipelineStates,
  processingResults,
  providers,
  transactionStatuses,
  type AlertStatus,
} from '@/db/schema/enums';
import { countryCode, day, oneOf, participantId, pickDay, text, type FilterValues } from '@/lib/search-params';

export const documentFilters = {
  state: oneOf(pipelineStates, 'state'),
  vendor: text(100),
  from: day,
  to: day,
};

/** The documents list's filters as its query takes them (days as bounds, `to` exclusive). */
export const documentQuery = (v: FilterValues<typeof documentFilters>) => ({
  state: v.state,
  vendor: v.vendor,
  from: pickDay(v.from),
  to: pickDay(v.to, true),
});

export const transactionFilters = {
  status: oneOf(transactionStatuses, 'status'),
  direction: oneOf(directions, 'direction'),
  participant: participantId,
  country: countryCode,
  documentType: text(50),
  from: day,
  to: day,
};

export const transactionQuery = (v: FilterValues<typeof transactionFilters>) => ({
  ...v,
  from: pickDay(v.from),
  to: pickDay(v.to, true),
});

export const webhookFilters = {
  provider: oneOf(providers, 'provider'),
  result: oneOf(processingResults, 'processing result'),
};

export const auditFilters = {
  actor: text(254),
  action: oneOf(auditActions, 'action'),
  targetType: text(50),
  targetId: text(100),
};

// No `status` in the URL = what still needs someone: open and acknowledged.
export const alertViews = [
  { value: undefined, label: 'open + acknowledged', statuses: ['open', 'acknowledged'] },
  ...alertStatuses.map((s) => ({ value: s, label: s, statuses: [s] })),
  { value: 'all', label: 'all', statuses: [...alertStatuses] },
] as const satisfies readonly { value?: string; label: string; statuses: readonly AlertStatus[] }[];

export const alertFilters = { status: oneOf([...alertStatuses, 'all'] as const, 'status') };

/** The alerts view a `status` filter picks. */
export const alertView = (v: FilterValues<typeof alertFilters>) =>
  alertViews.find((view) => view.value === v.status) ?? alertViews[0];

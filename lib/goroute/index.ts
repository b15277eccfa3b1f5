export { createGoRouteClient, type GoRouteClient, type GoRouteClientOptions, type HealthResult } from './client';
export type { Participant } from './participant';
export { goRouteStatuses, type GoRouteStatus, type SendResult, type Transaction, type ValidationIssue, type ValidationResult } from './schemas';

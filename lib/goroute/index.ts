export { createGoRouteClient, type GoRouteClient } from './client';
export type { Participant } from './participant';

export { createExdataClient, type ExdataClient } from './client';
export type { Extractions } from './extractions';

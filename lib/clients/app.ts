import 'server-only';
import { db, getPool } from '@/db/client';
import { getEnv } from '@/lib/env';
import { log } from '@/lib/log';
import { createProviderClients, type ProviderClients } from '@/lib/clients/create';

// One pair of provider clients per app process (keep-alive pools are per client).
const globalForProviders = globalThis as unknown as { invoiceOpsProviders?: ProviderClients };

export function appClients(): ProviderClients {
  globalForProviders.invoiceOpsProviders ??= createProviderClients(getEnv(), db, log, getPool());
  return globalForProviders.invoiceOpsProviders;
}

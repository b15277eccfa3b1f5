import 'server-only';
import { db, getPool } from '@/db/client';
import { getEnv } from '@/lib/env';
import { log } from '@/lib/log';
import { createProviders, type Providers } from '@/lib/jobs/providers';

// One pair of provider clients per app process (keep-alive pools are per client).
const globalForProviders = globalThis as unknown as { invoiceOpsProviders?: Providers };

export function appProviders(): Providers {
  globalForProviders.invoiceOpsProviders ??= createProviders(getEnv(), db, log, getPool());
  return globalForProviders.invoiceOpsProviders;
}

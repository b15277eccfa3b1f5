import 'server-only';
import { getEnv } from '@/lib/env';
import { log } from '@/lib/log';
import { createLiveListener, type LiveListener } from './listener';

// One listener per web process, kept on globalThis: Next.js bundles each route handler separately (each would get its
// own copy of a module-level one) and re-evaluates modules on every reload in development.
const g = globalThis as unknown as { invoiceOpsLive?: LiveListener };

/** The process's listener on the database's change notifications (lib/live/listener.ts). */
export function liveListener(): LiveListener {
  g.invoiceOpsLive ??= createLiveListener(getEnv().DATABASE_URL, log);
  return g.invoiceOpsLive;
}

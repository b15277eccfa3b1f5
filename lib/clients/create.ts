import type { Pool } from 'pg';
import type { Database } from '@/db/client';
import { recordApiCall } from '@/db/queries/api-calls';
import type { Env } from '@/lib/env';
import { createExdataClient, type ExdataClient } from '@/lib/exdata';
import { createGoRouteClient, type GoRouteClient } from '@/lib/goroute';
import { createSharedTokenBucket } from '@/lib/provider-http/shared-rate-limit';

export type ProviderClients = { goroute: GoRouteClient; exdata: ExdataClient };

/**
 * Both clients with the credentials of the configured mode (test and live never mix), recording
 * every call to the database and the document's timeline.
 */
/** Where each call is logged (the worker's or the app's pino logger); tests pass none. */
type CallLog = { info: (obj: object, msg: string) => void; warn?: (obj: object, msg: string) => void };

/**
 * With a pool, each provider's rate limit is shared through the database by every worker and app process
 * (lib/provider-http/shared-rate-limit.ts); without one (unit tests), each client throttles on its own.
 */
export function createProviderClients(env: Env, db: Database, log?: CallLog, pool?: Pool): ProviderClients {
  const gorouteKey = env.GOROUTE_MODE === 'live' ? env.GOROUTE_API_KEY_LIVE : env.GOROUTE_API_KEY_TEST;
  const exdataToken = env.EXDATA_MODE === 'live' ? env.EXDATA_TOKEN_LIVE : env.EXDATA_TOKEN_TEST;
  if (!env.GOROUTE_BASE_URL || !gorouteKey)
    throw new Error(
      `GoRoute is not configured for ${env.GOROUTE_MODE} mode (GOROUTE_BASE_URL and the ${env.GOROUTE_MODE} API key)`,
    );
  if (!env.EXDATA_BASE_URL || !exdataToken)
    throw new Error(
      `exdata is not configured for ${env.EXDATA_MODE} mode (EXDATA_BASE_URL and the ${env.EXDATA_MODE} token)`,
    );
  const record = (call: Parameters<typeof recordApiCall>[1]) => {
    log?.info(
      {
        provider: call.provider,
        operation: call.operation,
        httpStatus: call.httpStatus,
        durationMs: call.durationMs,
        requestId: call.requestId,
        documentId: call.documentId,
        transactionId: call.transactionId,
      },
      'provider call',
    );
    return recordApiCall(db, call);
  };
  const shared = (provider: 'goroute' | 'exdata', mode: string, ratePerSecond: number) =>
    pool
      ? createSharedTokenBucket({
          pool,
          // Test and live keys are separate accounts with separate limits.
          key: `${provider}:${mode}`,
          ratePerSecond,
          onFallback: (error) =>
            log?.warn?.(
              { provider, reason: error instanceof Error ? error.message : String(error) },
              'shared rate limit unavailable; throttling in this process only',
            ),
        })
      : undefined;
  return {
    goroute: createGoRouteClient({
      baseUrl: env.GOROUTE_BASE_URL,
      apiKey: gorouteKey,
      timeoutMs: 30_000,
      ratePerSecond: env.GOROUTE_RATE_PER_SECOND,
      throttle: shared('goroute', env.GOROUTE_MODE, env.GOROUTE_RATE_PER_SECOND),
      record,
    }),
    exdata: createExdataClient({
      baseUrl: env.EXDATA_BASE_URL,
      token: exdataToken,
      timeoutMs: 30_000,
      ratePerSecond: env.EXDATA_RATE_PER_SECOND,
      throttle: shared('exdata', env.EXDATA_MODE, env.EXDATA_RATE_PER_SECOND),
      record,
    }),
  };
}

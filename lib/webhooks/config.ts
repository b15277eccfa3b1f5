import { getEnv } from '@/lib/env';
import type { WebhookConfig } from './inspect';

export function webhookConfig(): WebhookConfig {
  const env = getEnv();
  return {
    secrets: {
      goroute: { current: env.GOROUTE_WEBHOOK_SECRET, previous: env.GOROUTE_WEBHOOK_SECRET_PREVIOUS },
      exdata: { current: env.EXDATA_WEBHOOK_SECRET, previous: env.EXDATA_WEBHOOK_SECRET_PREVIOUS },
    },
    toleranceSeconds: env.EXDATA_WEBHOOK_TOLERANCE_SECONDS,
  };
}

import { getEnv } from './env';

/** A secret as the console may show it: a short prefix, never the value. */
function maskSecret(value: string | undefined): string {
  if (!value) return 'not set';
  return value.length <= 8 ? '••••••••' : `${value.slice(0, 4)}••••••••`;
}

/** Mode, base URL and masked credential status of both providers, for the settings page. */
export function providerStatus() {
  const env = getEnv();
  return [
    {
      provider: 'GoRoute',
      mode: env.GOROUTE_MODE,
      baseUrl: env.GOROUTE_BASE_URL ?? 'provider sandbox (local)',
      credentials: [
        { name: 'GOROUTE_API_KEY_TEST', value: maskSecret(env.GOROUTE_API_KEY_TEST) },
        { name: 'GOROUTE_API_KEY_LIVE', value: maskSecret(env.GOROUTE_API_KEY_LIVE) },
        { name: 'GOROUTE_WEBHOOK_SECRET', value: maskSecret(env.GOROUTE_WEBHOOK_SECRET) },
        { name: 'GOROUTE_WEBHOOK_SECRET_PREVIOUS', value: maskSecret(env.GOROUTE_WEBHOOK_SECRET_PREVIOUS) },
      ],
    },
    {
      provider: 'exdata',
      mode: env.EXDATA_MODE,
      baseUrl: env.EXDATA_BASE_URL ?? 'provider sandbox (local)',
      credentials: [
        { name: 'EXDATA_TOKEN_TEST', value: maskSecret(env.EXDATA_TOKEN_TEST) },
        { name: 'EXDATA_TOKEN_LIVE', value: maskSecret(env.EXDATA_TOKEN_LIVE) },
        { name: 'EXDATA_WEBHOOK_SECRET', value: maskSecret(env.EXDATA_WEBHOOK_SECRET) },
        { name: 'EXDATA_WEBHOOK_SECRET_PREVIOUS', value: maskSecret(env.EXDATA_WEBHOOK_SECRET_PREVIOUS) },
      ],
    },
  ];
}

import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { StartEnv } from '@/lib/env';
import { freePort } from './embedded-postgres';

type Vars = Record<string, string | undefined>;
type SandboxSecrets = {
  gorouteApiKey: string;
  exdataToken: string;
  gorouteWebhookSecret: string;
  exdataWebhookSecret: string;
};

async function sandboxSecrets(dataDir: string): Promise<SandboxSecrets> {
  const file = path.join(dataDir, 'sandbox-secrets.json');
  if (existsSync(file)) return JSON.parse(await readFile(file, 'utf8')) as SandboxSecrets;
  const token = (prefix: string) => `${prefix}${randomBytes(18).toString('base64url')}`;
  const secrets = {
    gorouteApiKey: token('gr_test_'),
    exdataToken: token('ex_test_'),
    gorouteWebhookSecret: token('whsec_'),
    exdataWebhookSecret: token('whsec_'),
  };
  await writeFile(file, JSON.stringify(secrets), { mode: 0o600 });
  return secrets;
}

export type ProviderPlan = { env: Vars; sandbox: { port: number; env: Vars } | null };

/**
 * Without real provider base URLs the app talks to the local sandbox, with test credentials and
 * webhook secrets generated once into DATA_DIR and shared by both sides.
 */
export async function planProviders(start: StartEnv, dataDir: string, appPort: number): Promise<ProviderPlan> {
  if (start.GOROUTE_BASE_URL && start.EXDATA_BASE_URL) return { env: {}, sandbox: null };
  const s = await sandboxSecrets(dataDir);
  const port = start.SANDBOX_PORT ?? (await freePort());
  const base = `http://127.0.0.1:${port}`;
  const app = `http://127.0.0.1:${appPort}`;
  const env: Vars = {
    GOROUTE_BASE_URL: start.GOROUTE_BASE_URL ?? `${base}/goroute`,
    EXDATA_BASE_URL: start.EXDATA_BASE_URL ?? `${base}/exdata`,
    GOROUTE_API_KEY_TEST: start.GOROUTE_API_KEY_TEST ?? s.gorouteApiKey,
    EXDATA_TOKEN_TEST: start.EXDATA_TOKEN_TEST ?? s.exdataToken,
    GOROUTE_WEBHOOK_SECRET: start.GOROUTE_WEBHOOK_SECRET ?? s.gorouteWebhookSecret,
    EXDATA_WEBHOOK_SECRET: start.EXDATA_WEBHOOK_SECRET ?? s.exdataWebhookSecret,
    DEMO_INTAKE_PER_MINUTE: start.DEMO_INTAKE_PER_MINUTE ?? '3',
  };
  const sandboxEnv: Vars = {
    SANDBOX_PORT: String(port),
    SANDBOX_SPEED: String(start.SANDBOX_SPEED),
    SANDBOX_INBOUND_EVERY_MS: start.SANDBOX_INBOUND_EVERY_MS ? String(start.SANDBOX_INBOUND_EVERY_MS) : '',
    GOROUTE_API_KEY_TEST: env.GOROUTE_API_KEY_TEST,
    EXDATA_TOKEN_TEST: env.EXDATA_TOKEN_TEST,
    GOROUTE_WEBHOOK_SECRET: env.GOROUTE_WEBHOOK_SECRET,
    EXDATA_WEBHOOK_SECRET: env.EXDATA_WEBHOOK_SECRET,
    GOROUTE_WEBHOOK_URL: `${app}/api/webhooks/goroute`,
    EXDATA_WEBHOOK_URL: `${app}/api/webhooks/exdata`,
  };
  return { env, sandbox: { port, env: sandboxEnv } };
}

/* eslint-disable no-restricted-properties */
// The sandbox is a separate program with its own configuration: it reads its environment here, not through
// lib/env (which describes the app). Run: `tsx sandbox/main.ts`. Stops cleanly on SIGINT/SIGTERM.
import { z } from 'zod';
import { startSandbox } from './server';

// Empty variables count as unset, the way shells and .env files usually mean them.
const blank = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const int = (min: number, max: number) =>
  z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(min).max(max);
const optionalUrl = z.preprocess(blank, z.url('must be a URL').optional());
const required = (what: string) => z.preprocess(blank, z.string({ error: `is required (${what})` }).trim());

const EnvSchema = z.object({
  SANDBOX_PORT: z.preprocess(blank, int(0, 65535).default(4010)),
  SANDBOX_SPEED: z.preprocess(blank, z.coerce.number({ error: 'must be a number' }).positive().max(10_000).default(1)),
  SANDBOX_SEED: z.preprocess(blank, int(0, 2 ** 31).default(1)),
  SANDBOX_INBOUND_EVERY_MS: z.preprocess(blank, int(100, 86_400_000).optional()),
  SANDBOX_EXDATA_CREDITS: z.preprocess(blank, int(0, 1e9).default(1000)),
  // Share of accepted sends that end `failed` (realism for demos); the reliability scenarios set 0 so every
  // failure they count is one they caused.
  SANDBOX_GOROUTE_FAILURE_RATE: z.preprocess(
    blank,
    z.coerce.number({ error: 'must be a number' }).min(0).max(1).default(0.03),
  ),
  GOROUTE_API_KEY_TEST: required('the API key the app sends as X-API-Key'),
  GOROUTE_WEBHOOK_SECRET: required('the secret GoRoute webhooks are signed with'),
  GOROUTE_WEBHOOK_URL: optionalUrl,
  EXDATA_TOKEN_TEST: required('the Bearer token the app sends'),
  EXDATA_WEBHOOK_SECRET: required('the secret exdata webhooks are signed with'),
  EXDATA_WEBHOOK_URL: optionalUrl,
  // Every request on one line; off by default so `npm start` output stays readable.
  SANDBOX_LOG: z.preprocess(blank, z.enum(['0', '1'], { error: 'must be 0 or 1' }).default('0')),
  // Real providers repeat, replay and reorder webhooks; so does the sandbox unless this is 0.
  SANDBOX_CHAOS: z.preprocess(blank, z.enum(['0', '1'], { error: 'must be 0 or 1' }).default('1')),
});

function readEnv() {
  const parsed = EnvSchema.safeParse(process.env);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `  - ${i.path.join('.')}: ${i.message}`).join('\n');
  console.error(`[sandbox] Invalid environment:\n${problems}`);
  process.exit(1);
}

async function main() {
  const env = readEnv();
  const sandbox = await startSandbox({
    port: env.SANDBOX_PORT,
    speed: env.SANDBOX_SPEED,
    seed: env.SANDBOX_SEED,
    goroute: {
      apiKeys: [env.GOROUTE_API_KEY_TEST],
      webhookUrl: env.GOROUTE_WEBHOOK_URL,
      webhookSecret: env.GOROUTE_WEBHOOK_SECRET,
      failureRate: env.SANDBOX_GOROUTE_FAILURE_RATE,
    },
    exdata: {
      tokens: [{ token: env.EXDATA_TOKEN_TEST, mode: 'test' }],
      webhookUrl: env.EXDATA_WEBHOOK_URL,
      webhookSecret: env.EXDATA_WEBHOOK_SECRET,
      credits: env.SANDBOX_EXDATA_CREDITS,
    },
    inboundEveryMs: env.SANDBOX_INBOUND_EVERY_MS,
    chaos: env.SANDBOX_CHAOS === '1' ? { duplicateRate: 0.05, replayRate: 0.03, reorder: true, maxDelayMs: 1_500 } : {},
    log: env.SANDBOX_LOG === '1' ? (line) => console.log(`[sandbox] ${line}`) : undefined,
  });
  console.log(`sandbox listening on ${sandbox.url}`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`[sandbox] ${signal}: stopping`);
    sandbox.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(`[sandbox] Start-up failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});

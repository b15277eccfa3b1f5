import { z } from 'zod';

// The only reader of process.env. Everything else imports `env` (or calls parseEnv in scripts),
// so a missing or malformed variable stops start-up with a message that names it.

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();
const optionalUrl = optionalString.pipe(z.url().optional());
const mode = z.enum(['test', 'live']).default('test');

export const envSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    DATABASE_URL: z
      .string({ error: 'is required (the start script sets it for the embedded database)' })
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL'),
    DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    NEXTAUTH_URL: optionalUrl,
    NEXTAUTH_SECRET: z
      .string({ error: 'is required (the start script generates one under .data/)' })
      .min(32, 'must be at least 32 characters'),
    OIDC_ISSUER: optionalUrl,
    OIDC_CLIENT_ID: optionalString,
    OIDC_CLIENT_SECRET: optionalString,
    OIDC_NAME: z.string().default('Company SSO'),
    GOROUTE_MODE: mode,
    GOROUTE_BASE_URL: optionalUrl,
    GOROUTE_API_KEY_TEST: optionalString,
    GOROUTE_API_KEY_LIVE: optionalString,
    GOROUTE_WEBHOOK_SECRET: optionalString,
    GOROUTE_WEBHOOK_SECRET_PREVIOUS: optionalString,
    // Client-side throttle per process, set to the provider tier's limit (requests per second).
    GOROUTE_RATE_PER_SECOND: z.coerce.number().min(0.1).max(10_000).default(50),
    EXDATA_RATE_PER_SECOND: z.coerce.number().min(0.1).max(10_000).default(20),
    // Provider jobs each worker process runs at once. A send spends most of its time waiting on GoRoute,
    // so one at a time cannot reach the rate limit; the shared limit keeps the total at the tier's rate.
    WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(8),
    // CPU priority of a worker process (nice, 0–19). On one machine with the web server, acknowledging webhooks
    // and serving pages comes first and applying deliveries catches up (measured in BENCHMARKS.md, ingest).
    WORKER_NICE: z.coerce.number().int().min(0).max(19).default(10),
    EXDATA_MODE: mode,
    EXDATA_BASE_URL: optionalUrl,
    EXDATA_TOKEN_TEST: optionalString,
    EXDATA_TOKEN_LIVE: optionalString,
    EXDATA_WEBHOOK_SECRET: optionalString,
    EXDATA_WEBHOOK_SECRET_PREVIOUS: optionalString,
    EXDATA_WEBHOOK_TOLERANCE_SECONDS: z.coerce.number().int().min(1).max(86_400).default(300),
    // Demo only: new sample PDFs per minute fed into the pipeline (npm start turns it on with the sandbox).
    DEMO_INTAKE_PER_MINUTE: z.coerce.number().int().min(0).max(60).default(0),
    // Prometheus scrapes /api/metrics with `Authorization: Bearer <token>`; without it only a signed-in console user
    // may read it.
    METRICS_TOKEN: optionalString.pipe(z.string().min(16, 'must be at least 16 characters').optional()),
    // How many proxies of ours stand in front of the app (load balancer, TLS terminator). 0: the client is the TCP
    // peer and X-Forwarded-* headers are the client's own words, removed before Next.js sees them; N: the client is
    // the Nth X-Forwarded-For entry from the right, and X-Forwarded-Host is the proxy's (lib/http/client-address.ts).
    TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
    // Production server: a client gets this long to send its request headers, and then its whole request, before
    // the connection is closed (slow clients holding connections open).
    HTTP_HEADERS_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(300).default(10),
    HTTP_REQUEST_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
    // Webhook requests that fail verification, per client and minute, that are still recorded; the rest get 429.
    // Genuine, validly signed deliveries are never counted or slowed.
    WEBHOOK_REJECTIONS_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(120),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    // Alert notification channels (lib/alerts/channels); none set = in-app only (or the sandbox's sink).
    ALERT_SLACK_WEBHOOK_URL: optionalUrl,
    ALERT_WEBHOOK_URL: optionalUrl,
    SMTP_URL: optionalString.pipe(
      z
        .string()
        .regex(/^smtps?:\/\/[^/]/, 'must be an smtp:// or smtps:// URL')
        .optional(),
    ),
    ALERT_EMAIL_TO: optionalString,
    ALERT_EMAIL_FROM: optionalString,
  })
  .superRefine((v, ctx) => {
    const oidc = [v.OIDC_ISSUER, v.OIDC_CLIENT_ID, v.OIDC_CLIENT_SECRET];
    if (oidc.some(Boolean) && !oidc.every(Boolean)) {
      ctx.addIssue({
        code: 'custom',
        path: ['OIDC_ISSUER'],
        message: 'OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET must be set together',
      });
    }
    if (v.GOROUTE_MODE === 'live' && !v.GOROUTE_API_KEY_LIVE) {
      ctx.addIssue({ code: 'custom', path: ['GOROUTE_API_KEY_LIVE'], message: 'is required when GOROUTE_MODE=live' });
    }
    const email = [v.SMTP_URL, v.ALERT_EMAIL_TO, v.ALERT_EMAIL_FROM];
    if (email.some(Boolean) && !email.every(Boolean)) {
      ctx.addIssue({
        code: 'custom',
        path: ['SMTP_URL'],
        message: 'SMTP_URL, ALERT_EMAIL_TO and ALERT_EMAIL_FROM must be set together',
      });
    }
    if (v.EXDATA_MODE === 'live' && !v.EXDATA_TOKEN_LIVE) {
      ctx.addIssue({ code: 'custom', path: ['EXDATA_TOKEN_LIVE'], message: 'is required when EXDATA_MODE=live' });
    }
  });

export type Env = z.infer<typeof envSchema>;

/** What `npm start` (scripts/start.ts) reads before it has a database and a secret to hand the app. */
const startEnvSchema = z.object({
  DATA_DIR: z.string().default('.data'),
  DATABASE_URL: optionalString.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
      .optional(),
  ),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  DEMO_PASSWORD: optionalString.pipe(z.string().min(8, 'must be at least 8 characters').optional()),
  NEXTAUTH_SECRET: optionalString,
  NEXTAUTH_URL: optionalUrl,
  GOROUTE_BASE_URL: optionalUrl,
  EXDATA_BASE_URL: optionalUrl,
  GOROUTE_API_KEY_TEST: optionalString,
  EXDATA_TOKEN_TEST: optionalString,
  GOROUTE_WEBHOOK_SECRET: optionalString,
  EXDATA_WEBHOOK_SECRET: optionalString,
  // The local provider sandbox: how much faster than real time its lifecycles run, and how often it
  // announces an inbound invoice (0 = never).
  SANDBOX_SPEED: z.coerce.number().min(0.1).max(1000).default(5),
  SANDBOX_INBOUND_EVERY_MS: z.coerce.number().int().min(0).default(120_000),
  // Fixed sandbox port (tests that drive its control API need to know it); a free port otherwise.
  SANDBOX_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  WORKERS: z.coerce.number().int().min(0).max(16).default(1),
  DEMO_INTAKE_PER_MINUTE: optionalString,
});
export type StartEnv = z.infer<typeof startEnvSchema>;

export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid environment:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'EnvError';
  }
}

function parseWith<S extends z.ZodType>(schema: S, source: Record<string, string | undefined>): z.infer<S> {
  const result = schema.safeParse(source);
  if (result.success) return result.data;
  throw new EnvError(result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`));
}

export const parseEnv = (source: Record<string, string | undefined>): Env => parseWith(envSchema, source);
export const parseStartEnv = (source: Record<string, string | undefined>): StartEnv =>
  parseWith(startEnvSchema, source);

let cached: Env | undefined;

/** The validated environment of this process, parsed once on first use. */
export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** Which provider mode the console is in; shown as the TEST/LIVE badge. */
export function providerModes() {
  const env = getEnv();
  return { goroute: env.GOROUTE_MODE, exdata: env.EXDATA_MODE };
}

import { MAX_ATTEMPTS, RETRY_SPAN_MS, formatSpan } from '@/lib/rules/retry-schedule';
import { DEFAULT_TIMEOUT_MS } from '@/lib/provider-http/http';
import {
  ago,
  alertCount,
  calls,
  callSample,
  GENUINE,
  isLocalUrl,
  n,
  ops,
  plural,
  rollup,
  sends,
  setting,
  webhookSample,
  webhooksBySignature,
} from './facts';
import { duplicatesHandled, keyFromEnv, rateLimits, signatureValidation } from './shared';
import type { ChecklistItem, EvalContext, Outcome } from './types';

// GoRoute's production checklist (seeds/goroute-production-checklist.txt), pre-launch part one.

const PRODUCTION_BASE_URL = 'https://app.goroute.ai/peppol-api';

export const goroute = (
  group: string,
  id: string,
  text: string,
  detail: string | undefined,
  rest: { manual: true } | { evaluate: (c: EvalContext) => Outcome },
) => ({ id: `goroute.${id}`, provider: 'goroute', group, text, ...(detail && { detail }), ...rest }) as ChecklistItem;
const manual = { manual: true } as const;

export const gorouteSetupItems: ChecklistItem[] = [
  goroute(
    'API Configuration',
    'api.production_key',
    'Production API key obtained',
    'Request production access at app.goroute.ai',
    {
      evaluate: ({ env }) =>
        env.GOROUTE_API_KEY_LIVE
          ? { status: 'pass', evidence: `GOROUTE_API_KEY_LIVE is set. Mode: ${env.GOROUTE_MODE}.` }
          : { status: 'warn', evidence: `GOROUTE_API_KEY_LIVE is not set yet. Mode: ${env.GOROUTE_MODE}.` },
    },
  ),
  goroute(
    'API Configuration',
    'api.key_storage',
    'API key stored securely',
    'Use environment variables or a secrets manager',
    { evaluate: keyFromEnv('goroute') },
  ),
  goroute('API Configuration', 'api.base_url', 'Base URL updated', `Production: ${PRODUCTION_BASE_URL}`, {
    evaluate: ({ env }) => {
      const url = env.GOROUTE_BASE_URL;
      if (url?.replace(/\/+$/, '') === PRODUCTION_BASE_URL)
        return { status: 'pass', evidence: `GOROUTE_BASE_URL is the production URL ${PRODUCTION_BASE_URL}.` };
      if (isLocalUrl(url))
        return { status: 'warn', evidence: `GoRoute calls go to the local provider sandbox (${url ?? 'not set'}).` };
      return {
        status: url?.startsWith('https://') ? 'warn' : 'fail',
        evidence: `GOROUTE_BASE_URL is ${url}, not ${PRODUCTION_BASE_URL}.`,
      };
    },
  }),
  goroute(
    'API Configuration',
    'api.rate_limits',
    'Rate limits understood',
    "Know your tier's limits and implement throttling",
    { evaluate: rateLimits('goroute') },
  ),
  goroute(
    'API Configuration',
    'api.timeouts',
    'Timeout values configured',
    'Set appropriate connection and read timeouts',
    {
      evaluate: ({ f }) => {
        const none = calls(f, 'goroute', { status: (s) => s === 'none' });
        return {
          status: 'pass',
          evidence: `Connect, response-header and body timeouts of ${n(DEFAULT_TIMEOUT_MS / 1000)} s each on both provider clients; ${plural(none, 'GoRoute call')} ended without a response and went back to the retry queue.`,
        };
      },
    },
  ),

  goroute(
    'Authentication & Security',
    'security.key_rotation',
    'API key rotation plan',
    'Can you rotate keys without downtime?',
    manual,
  ),
  goroute('Authentication & Security', 'security.tls', 'TLS 1.2+ enforced', 'Verify your HTTP client uses modern TLS', {
    evaluate: ({ env }) => {
      const url = env.GOROUTE_BASE_URL;
      if (url?.startsWith('https://'))
        return {
          status: 'pass',
          evidence:
            'GoRoute is called over HTTPS and the HTTP client refuses anything below TLS 1.2 (undici minVersion TLSv1.2).',
        };
      if (isLocalUrl(url))
        return {
          status: 'warn',
          evidence:
            'Plain HTTP to the local provider sandbox; the client pins TLS 1.2 as the minimum once GOROUTE_BASE_URL is https.',
        };
      return { status: 'fail', evidence: `GOROUTE_BASE_URL (${url}) is not HTTPS.` };
    },
  }),
  goroute(
    'Authentication & Security',
    'security.webhook_secrets',
    'Webhook secrets configured',
    'Validate webhook signatures',
    {
      evaluate: ({ f, env }) => {
        if (!env.GOROUTE_WEBHOOK_SECRET) return { status: 'fail', evidence: 'GOROUTE_WEBHOOK_SECRET is not set.' };
        const verified = webhooksBySignature(f, 'goroute', GENUINE);
        const rotation = env.GOROUTE_WEBHOOK_SECRET_PREVIOUS
          ? '; the previous secret is still accepted (rotation under way)'
          : '';
        return {
          status: verified > 0 ? 'pass' : 'warn',
          evidence: `GOROUTE_WEBHOOK_SECRET is set${rotation}; ${plural(verified, 'delivery', 'deliveries')} verified with it.`,
        };
      },
    },
  ),
  goroute(
    'Authentication & Security',
    'security.ip_allowlist',
    'IP allowlisting (optional)',
    'Restrict API access by IP if needed',
    manual,
  ),
  goroute(
    'Authentication & Security',
    'security.audit_logging',
    'Audit logging enabled',
    'Log all API calls for compliance',
    {
      evaluate: ({ f }) => {
        const total = rollup(f, 'api_call');
        return {
          status: total > 0 ? 'pass' : 'warn',
          evidence: `${plural(total, 'provider call')} recorded (method, path, status, request ID; never a key); ${plural(f.auditRows, 'human action')} in the audit log.`,
          link: '/audit',
        };
      },
    },
  ),

  goroute(
    'Participant Registration',
    'participants.production_ids',
    'Production Peppol identifiers ready',
    'Real identifiers, not test ones',
    manual,
  ),
  goroute(
    'Participant Registration',
    'participants.smp_verified',
    'SMP registration verified',
    'Confirm via lookup endpoint',
    {
      evaluate: ({ f }) => {
        const found = calls(f, 'goroute', { ops: ops.lookup, status: (s) => s === '200' });
        const all = calls(f, 'goroute', { ops: ops.lookup });
        return found > 0
          ? {
              status: 'pass',
              evidence: `${plural(found, 'participant lookup')} answered 200 (of ${n(all)}).`,
              link: '/transactions/lookup',
            }
          : {
              status: 'warn',
              evidence: `No successful participant lookup recorded${all ? ` (${plural(all, 'attempt')})` : ''}: look up a client supplier's Peppol ID (the sender of its invoices) to confirm its SMP registration.`,
              link: '/transactions/lookup',
            };
      },
    },
  ),
  goroute(
    'Participant Registration',
    'participants.document_types',
    'Document types registered',
    'Invoice, Credit Note, others as needed',
    {
      evaluate: ({ f }) => {
        const types = [...new Set(f.rollups.filter((r) => r.metric === 'txn_created').map((r) => r.dims[1]!))];
        const text = types.map((t) => `${t} ${n(rollup(f, 'txn_created', ([, d]) => d === t))}`).join(' · ');
        return {
          status: types.length ? 'pass' : 'warn',
          evidence: types.length ? `Exchanged over Peppol: ${text}.` : 'No Peppol exchange recorded yet.',
        };
      },
    },
  ),
  goroute(
    'Participant Registration',
    'participants.receiver_testing',
    'Receiver testing complete',
    'Send test invoices to production recipients',
    {
      evaluate: ({ f, env }) => {
        const delivered = sends(f, (t) => t.direction === 'outbound' && t.status === 'delivered').n;
        if (env.GOROUTE_MODE === 'live' && f.latestLive)
          return {
            status: 'pass',
            evidence: `Live sends delivered: the newest is ${f.latestLive.gorouteTransactionId}.`,
            link: `/documents/${f.latestLive.id}`,
          };
        return {
          status: 'warn',
          evidence: `Mode ${env.GOROUTE_MODE}: ${plural(delivered, 'send')} delivered, none yet to a production recipient in live mode.`,
        };
      },
    },
  ),

  goroute('Document Validation', 'validation.schematron', 'Schematron validation enabled', 'EN16931 + Peppol BIS 3.0', {
    evaluate: ({ f }) => {
      const validated = calls(f, 'goroute', { ops: ops.validate });
      const rules = new Set(f.rollups.filter((r) => r.metric === 'validation_error').map((r) => r.dims[0])).size;
      const failing = rules ? `; ${plural(rules, 'distinct rule')} seen failing` : '';
      return {
        status: validated > 0 ? 'pass' : 'warn',
        evidence: `${plural(validated, 'document')} validated through GoRoute's schema, EN16931 and Peppol BIS 3.0 layers${failing}.`,
      };
    },
  }),
  goroute(
    'Document Validation',
    'validation.country_cius',
    'Country CIUS validated',
    'XRechnung, Factur-X, etc. as applicable',
    manual,
  ),
  goroute('Document Validation', 'validation.pre_send', 'Pre-send validation implemented', 'Validate before sending', {
    evaluate: ({ f }) => {
      const validated = calls(f, 'goroute', { ops: ops.validate });
      const sent = calls(f, 'goroute', { ops: ops.send });
      return {
        status: validated > 0 ? 'pass' : 'fail',
        evidence: `Every send is validated first: ${plural(validated, 'validate call')}, ${plural(sent, 'send attempt')} (retries reuse a validated document).`,
      };
    },
  }),
  goroute(
    'Document Validation',
    'validation.error_handling',
    'Error handling for validation failures',
    'User-friendly error messages',
    {
      evaluate: ({ f }) => {
        const ever = rollup(f, 'txn_status', ([, s, cat]) => s === 'failed' && cat === 'validation');
        const link = '/failures?category=validation';
        return ever > 0
          ? {
              status: 'pass',
              evidence: `${plural(ever, 'validation failure')} shown with rule, location and message, fixable with "Fix and resend".`,
              link,
            }
          : {
              status: 'warn',
              evidence: 'No validation failure seen yet: the rule/location view is built but not exercised.',
              link,
            };
      },
    },
  ),

  goroute('Error Handling', 'errors.retry', 'Retry logic implemented', 'Exponential backoff for transient errors', {
    evaluate: ({ f }) => {
      const retried = sends(f, (t) => t.direction === 'outbound' && t.status === 'delivered').retried;
      return retried > 0
        ? {
            status: 'pass',
            evidence: `${plural(retried, 'send')} delivered after more than one attempt (back-off by the retry schedule: ${MAX_ATTEMPTS} attempts over about ${formatSpan(RETRY_SPAN_MS)}, jittered, never sooner than Retry-After, same idempotency key).`,
          }
        : { status: 'warn', evidence: 'No send has needed a retry yet, so back-off is unproven.' };
    },
  }),
  goroute(
    'Error Handling',
    'errors.categorisation',
    'Error categorization',
    'Distinguish retryable vs permanent errors',
    {
      evaluate: (c) => {
        const rows = c.f.failed;
        const by = new Map<string, { retryable: number; permanent: number }>();
        for (const r of rows) {
          const e = by.get(r.category ?? 'uncategorised') ?? { retryable: 0, permanent: 0 };
          e[r.retryable ? 'retryable' : 'permanent'] += r.n;
          by.set(r.category ?? 'uncategorised', e);
        }
        const text = [...by]
          .map(
            ([k, v]) =>
              `${k} ${[v.retryable && `${n(v.retryable)} retryable`, v.permanent && `${n(v.permanent)} permanent`].filter(Boolean).join(' + ')}`,
          )
          .join(' · ');
        const uncategorised = by.get('uncategorised');
        if (uncategorised) return { status: 'warn', evidence: `Failed sends now: ${text}.`, link: '/failures' };
        if (rows.length === 0)
          return {
            status: rollup(c.f, 'txn_status', ([, s]) => s === 'failed') ? 'pass' : 'warn',
            evidence: 'No failed send open now.',
            link: '/failures',
          };
        return { status: 'pass', evidence: `Failed sends now, by category: ${text}.`, link: '/failures' };
      },
    },
  ),
  goroute('Error Handling', 'errors.dead_letter', 'Dead letter queue', 'Handle permanently failed documents', {
    evaluate: ({ f }) => {
      const dead = f.failed.filter((r) => r.deadLetter).reduce((s, r) => s + r.n, 0);
      return {
        status: 'pass',
        evidence: `${plural(dead, 'send')} in the dead-letter queue now, each with the provider's rule/location and a dead_letter alert.`,
        link: '/failures?kind=dead_letter',
      };
    },
  }),
  goroute(
    'Error Handling',
    'errors.notifications',
    'Error notifications',
    'Alert on failures (email, Slack, PagerDuty)',
    {
      evaluate: ({ f }) => {
        const raised = ['failure_rate', 'dead_letter', 'insufficient_credits', 'signature_failures'].reduce(
          (s, r) => s + alertCount(f, r),
          0,
        );
        const sent = f.notifications.sent ?? 0;
        const failed = f.notifications.failed ?? 0;
        if (sent > 0)
          return {
            status: failed > sent ? 'warn' : 'pass',
            evidence: `${plural(raised, 'failure alert')} raised; ${plural(sent, 'notification')} sent, ${n(failed)} failed.`,
          };
        return {
          status: 'warn',
          evidence: `${plural(raised, 'failure alert')} raised in the console, but no notification has been sent through a channel yet.`,
        };
      },
    },
  ),
  goroute(
    'Error Handling',
    'errors.degradation',
    'Graceful degradation',
    'System continues if GoRoute is unavailable',
    {
      evaluate: ({ f }) => {
        const down = rollup(f, 'api_call', ([p, , s]) => p === 'goroute' && (s === 'none' || s!.startsWith('5')));
        const sample = [callSample(f, 'goroute', '5xx'), callSample(f, 'goroute', 'none')];
        const recovered = sample.reduce((s, x) => s + x.recovered, 0);
        if (down === 0)
          return { status: 'warn', evidence: 'GoRoute has not been unavailable yet, so degradation is unproven.' };
        return {
          status: recovered > 0 ? 'pass' : 'warn',
          evidence: `${plural(down, 'GoRoute call')} met a 5xx or no response; the work stayed queued and ${n(recovered)} of the newest later succeeded on retry, while uploads and review went on.`,
        };
      },
    },
  ),

  goroute('Webhooks', 'webhooks.endpoints', 'Webhook endpoints deployed', 'Production URLs, HTTPS only', {
    evaluate: ({ f, env, now }) => {
      const url = env.NEXTAUTH_URL;
      const last = f.lastWebhook.goroute;
      const arriving = last
        ? `latest verified GoRoute delivery ${ago(last, now)}`
        : 'no verified GoRoute delivery received yet';
      const https = url?.startsWith('https://');
      return {
        status: https && last ? 'pass' : 'warn',
        evidence: `${url ? `/api/webhooks/goroute on ${url}` : 'Public URL (NEXTAUTH_URL) not set'}${url && !https ? ' is not HTTPS' : ''}; ${arriving}.`,
      };
    },
  }),
  goroute('Webhooks', 'webhooks.signature', 'Signature validation active', 'Reject unsigned webhooks', {
    evaluate: signatureValidation('goroute'),
  }),
  goroute('Webhooks', 'webhooks.idempotency', 'Idempotency handling', 'Same webhook may arrive multiple times', {
    evaluate: duplicatesHandled('goroute'),
  }),
  goroute('Webhooks', 'webhooks.timeout', 'Timeout handling', 'Respond within 30 seconds', {
    evaluate: ({ f }) => {
      const stored = webhooksBySignature(f, 'goroute', GENUINE);
      return {
        status: 'pass',
        evidence: `The receiver only verifies, stores and enqueues (one transaction) before its 2xx; processing runs in the worker afterwards (${plural(stored, 'verified delivery', 'verified deliveries')} so far).`,
      };
    },
  }),
  goroute('Webhooks', 'webhooks.failure_alerting', 'Failure alerting', 'Monitor webhook delivery failures', {
    evaluate: ({ f }) => {
      const t = setting(f, 'alert_thresholds');
      const raised = alertCount(f, 'signature_failures') + alertCount(f, 'webhook_silence');
      const failed = webhookSample(f, 'goroute', (w) => w.result === 'failed').n;
      const rules = t
        ? `signature failures above ${String(t.signature_failures_per_hour ?? 5)}/h, silence over ${String(t.webhook_silence_minutes ?? 60)} min`
        : 'default thresholds (never saved)';
      return {
        status: t ? 'pass' : 'warn',
        evidence: `Alert rules: ${rules}; ${plural(raised, 'webhook alert')} raised so far; ${plural(failed, 'delivery', 'deliveries')} failed processing.`,
        link: '/webhooks?provider=goroute',
      };
    },
  }),
];

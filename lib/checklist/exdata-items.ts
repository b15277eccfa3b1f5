import { MAX_UPLOAD_BYTES, uploadFormats } from '@/lib/exdata/file-check';
import {
  alertCount,
  calls,
  callSample,
  docs,
  GENUINE,
  n,
  ops,
  plural,
  rollup,
  setting,
  times,
  webhookSample,
} from './facts';
import {
  duplicatesHandled,
  firstLiveDocument,
  keyFromEnv,
  rateLimits,
  separateCredentials,
  signatureValidation,
} from './shared';
import type { ChecklistItem } from './types';

// exdata's production checklist (seeds/exdata-production-checklist.txt), in its order and words.

const item = (
  group: string,
  id: string,
  text: string,
  rest: Omit<ChecklistItem, 'id' | 'provider' | 'group' | 'text'>,
) => ({ id: `exdata.${id}`, provider: 'exdata', group, text, ...rest }) as ChecklistItem;

export const exdataItems: ChecklistItem[] = [
  item(
    'Credentials',
    'credentials.secret_store',
    'Live token is stored in your secret manager, not in source control.',
    { evaluate: keyFromEnv('exdata') },
  ),
  item('Credentials', 'credentials.abilities', "Token abilities are limited to the integration's needs.", {
    manual: true,
  }),
  item('Credentials', 'credentials.rotation_owner', 'Token rotation has an owner and a runbook.', { manual: true }),
  item(
    'Credentials',
    'credentials.env_separation',
    'Environment variables are separated for test and live deployments.',
    { evaluate: separateCredentials('exdata') },
  ),

  item('Uploads', 'uploads.idempotency_key', 'Each logical upload sends a stable Idempotency-Key.', {
    evaluate: ({ f }) => {
      const uploads = calls(f, 'exdata', { ops: ops.upload });
      const again = docs(f, () => true).reuploads;
      const evidence = `Every document has one key (NOT NULL, UNIQUE) reused on each retry; ${plural(uploads, 'upload call')} sent it; ${plural(again, 're-upload')} after a 402 used a new key.`;
      return {
        status: uploads > 0 ? 'pass' : 'warn',
        evidence: uploads > 0 ? evidence : 'No upload call recorded yet.',
      };
    },
  }),
  item('Uploads', 'uploads.ids_together', 'Your database stores the exdata document ID and local source ID together.', {
    evaluate: ({ f }) => {
      const known = docs(f, (d) => d.exdataStatus !== null);
      const missing = known.n - known.withExdataId;
      if (missing > 0)
        return {
          status: 'fail',
          evidence: `${plural(missing, 'document')} with an exdata status but no exdata ID stored.`,
        };
      return {
        status: known.n > 0 ? 'pass' : 'warn',
        evidence: `${plural(known.n, 'document')} known to exdata, each with its exdata ID next to its source ID on the same row (both searchable).`,
      };
    },
  }),
  item('Uploads', 'uploads.statuses', 'Your UI or job state supports pending, completed, error, and blocked.', {
    evaluate: ({ f }) => {
      const seen = (['pending', 'completed', 'error', 'blocked'] as const).map(
        (s) => `${s} ${n(docs(f, (d) => d.exdataStatus === s).n)}`,
      );
      return {
        status: 'pass',
        evidence: `Each exdata status is stored, filterable and badged: ${seen.join(' · ')} (newest documents).`,
        link: '/documents',
      };
    },
  }),
  item('Uploads', 'uploads.file_check', 'Your integration validates file size and type before upload where possible.', {
    evaluate: ({ f }) => ({
      status: 'pass',
      evidence: `Checked before any call (lib/exdata/file-check.ts): at most ${n(MAX_UPLOAD_BYTES / 1024 / 1024)} MB, ${uploadFormats.join('/')} proven by the first bytes; ${plural(calls(f, 'exdata', { ops: ops.upload, status: (s) => s === '422' }), 'upload')} refused by exdata with 422.`,
    }),
  }),

  item('Webhooks', 'webhooks.signature', 'Receiver verifies X-Signature with the raw request body.', {
    evaluate: signatureValidation('exdata'),
  }),
  item(
    'Webhooks',
    'webhooks.stale',
    'Receiver rejects stale deliveries using X-Timestamp if your threat model requires a time window.',
    {
      evaluate: ({ f, env }) => {
        const stale = rollup(f, 'webhook', ([p, , s]) => p === 'exdata' && s === 'stale');
        const window = env.EXDATA_WEBHOOK_TOLERANCE_SECONDS;
        return {
          status: window <= 900 ? 'pass' : 'warn',
          evidence: `X-Timestamp must be within ±${n(window)} s (EXDATA_WEBHOOK_TOLERANCE_SECONDS); ${plural(stale, 'stale delivery', 'stale deliveries')} rejected.`,
          link: '/webhooks?provider=exdata&result=rejected',
        };
      },
    },
  ),
  item('Webhooks', 'webhooks.store_delivery', 'Receiver stores X-Delivery before starting downstream work.', {
    evaluate: ({ f }) => {
      const missing = f.acceptedWithoutId.exdata ?? 0;
      const stored = rollup(f, 'webhook', ([p, , s]) => p === 'exdata' && GENUINE.includes(s!));
      if (missing > 0)
        return {
          status: 'fail',
          evidence: `${plural(missing, 'verified delivery', 'verified deliveries')} stored without an X-Delivery ID.`,
        };
      return {
        status: stored > 0 ? 'pass' : 'warn',
        evidence: `${plural(stored, 'verified delivery', 'verified deliveries')}, each stored with its X-Delivery ID and its job in one transaction before the 2xx; processing runs later in the worker.`,
      };
    },
  }),
  item('Webhooks', 'webhooks.duplicates', 'Receiver handles duplicate delivery IDs without repeating automation.', {
    evaluate: duplicatesHandled('exdata'),
  }),

  item(
    'Errors',
    'errors.validation',
    'Validation failed — 422, errors: Show field-level diagnostics to developers or operators.',
    {
      evaluate: ({ f }) => {
        const seen = calls(f, 'exdata', { status: (s) => s === '422' });
        return seen > 0
          ? {
              status: 'pass',
              evidence: `${times('422', seen)} recorded; the document page shows each field error with its rule and location.`,
              link: '/failures',
            }
          : { status: 'warn', evidence: 'No 422 seen yet: the diagnostics path is built but not exercised.' };
      },
    },
  ),
  item(
    'Errors',
    'errors.rate_limit',
    'Rate limited — 429, retry_after: Back off and retry according to your queue policy.',
    { evaluate: rateLimits('exdata') },
  ),
  item(
    'Errors',
    'errors.credits',
    'Insufficient credits — 402, insufficient_credits: Alert the account owner and stop automatic retry loops.',
    {
      evaluate: ({ f }) => {
        const seen = calls(f, 'exdata', { status: (s) => s === '402' });
        const alerts = alertCount(f, 'insufficient_credits');
        const paused = setting(f, 'exdata_credits')?.exhausted === true;
        const state = paused ? 'paused now until a person resumes them' : 'running now';
        if (seen === 0)
          return {
            status: 'warn',
            evidence: `No 402 seen yet: the insufficient_credits alert and the upload pause are in place but unproven; uploads ${state}.`,
          };
        if (alerts === 0)
          return {
            status: 'fail',
            evidence: `${times('402', seen)} recorded but no insufficient_credits alert was raised.`,
          };
        return {
          status: paused ? 'warn' : 'pass',
          evidence: `${times('402', seen)} recorded → ${plural(alerts, 'insufficient_credits alert')}; a 402 pauses automatic uploads until a person resumes them (uploads ${state}).`,
          link: '/failures',
        };
      },
    },
  ),
  item(
    'Errors',
    'errors.processing',
    'Processing error — status: "error": Route to support or manual review with the request ID.',
    {
      evaluate: ({ f }) => {
        const ever = rollup(f, 'doc_state', ([, to]) => to === 'extraction_failed');
        const now = docs(f, (d) => d.state === 'extraction_failed');
        if (ever === 0)
          return {
            status: 'warn',
            evidence: 'No failed extraction seen yet: the support path is built but not exercised.',
          };
        const without = now.n - now.withRequestId;
        return {
          status: without > 0 ? 'warn' : 'pass',
          evidence: `${plural(ever, 'failed extraction')} routed to Failures; ${n(now.n)} open now${without ? `, ${n(without)} without a request ID` : ', each with its request ID'}.`,
          link: '/failures',
        };
      },
    },
  ),

  item('Observability', 'observability.ids_logged', 'Log local source ID, exdata document ID, and X-Request-ID.', {
    evaluate: ({ f }) => {
      const s = callSample(f, 'exdata');
      const kept = s.n - s.noRequestId;
      return {
        status: s.n > 0 && kept / s.n >= 0.95 ? 'pass' : 'warn',
        evidence: `${n(kept)} of the newest ${plural(s.n, 'exdata call')} stored with X-Request-ID and our document ID; logs are JSON (pino) with a correlation ID.`,
      };
    },
  }),
  item(
    'Observability',
    'observability.webhook_record',
    'Record webhook event type, delivery ID, and processing result.',
    {
      evaluate: ({ f }) => {
        const events = [
          ...new Set(f.rollups.filter((r) => r.metric === 'webhook' && r.dims[0] === 'exdata').map((r) => r.dims[1])),
        ];
        const results = [...new Set(f.webhooks.filter((w) => w.provider === 'exdata').map((w) => w.result))];
        const total = webhookSample(f, 'exdata').n;
        return {
          status: total > 0 ? 'pass' : 'warn',
          evidence: `Every delivery is stored, rejected ones too: events ${events.join(', ') || 'none yet'}; results ${results.join(', ') || 'none yet'}.`,
          link: '/webhooks?provider=exdata',
        };
      },
    },
  ),
  item(
    'Observability',
    'observability.pending_alert',
    'Alert when documents stay pending beyond your expected window.',
    {
      evaluate: ({ f }) => {
        const configured = setting(f, 'pending_windows') !== null;
        const open = alertCount(f, 'pending_too_long', 'open');
        return {
          status: configured ? 'pass' : 'warn',
          evidence: `Window ${n(f.pending.windows.exdata_pending_minutes)} min${configured ? '' : ' (default; not saved in settings)'}; ${plural(f.pending.docs, 'document')} pending longer now; ${plural(open, 'open pending_too_long alert')}.`,
          link: '/documents?view=pending',
        };
      },
    },
  ),
  item(
    'Observability',
    'observability.candidates',
    'Expose candidates in internal review tools when a field affects money, tax, or vendor identity.',
    {
      evaluate: ({ f }) => ({
        status: 'pass',
        evidence: `The review queue shows each money, tax and vendor-identity value beside its candidates; ${plural(f.reviewFields, 'field')} waiting for a person now.`,
        link: '/review',
      }),
    },
  ),

  item(
    'Go-live',
    'go_live.first_live_document',
    'Before sending production volume, run one live document through the complete workflow and inspect the final JSON, webhook logs, and downstream mapping.',
    { evaluate: firstLiveDocument('exdata') },
  ),
  item(
    'Go-live',
    'go_live.first_live_run',
    'Recommended first live run: Upload one real invoice, verify the extraction response, verify the webhook delivery, and confirm that your system creates the expected draft or review item before enabling automation for a larger source.',
    { manual: true },
  ),
];

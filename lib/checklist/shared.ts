import {
  ago,
  callSample,
  GENUINE,
  isLocalUrl,
  n,
  plural,
  rollup,
  sampleSpan,
  times,
  webhookSample,
  webhooksBySignature,
} from './facts';
import type { ChecklistProvider, EvalContext, Outcome } from './types';

// Evaluators both providers' checklists ask for in their own words.

const label = { exdata: 'exdata', goroute: 'GoRoute' } as const;

function credentials(c: EvalContext, p: ChecklistProvider) {
  const e = c.env;
  return p === 'goroute'
    ? {
        mode: e.GOROUTE_MODE,
        live: e.GOROUTE_API_KEY_LIVE,
        test: e.GOROUTE_API_KEY_TEST,
        liveVar: 'GOROUTE_API_KEY_LIVE',
        testVar: 'GOROUTE_API_KEY_TEST',
        baseUrl: e.GOROUTE_BASE_URL,
        secret: e.GOROUTE_WEBHOOK_SECRET,
      }
    : {
        mode: e.EXDATA_MODE,
        live: e.EXDATA_TOKEN_LIVE,
        test: e.EXDATA_TOKEN_TEST,
        liveVar: 'EXDATA_TOKEN_LIVE',
        testVar: 'EXDATA_TOKEN_TEST',
        baseUrl: e.EXDATA_BASE_URL,
        secret: e.EXDATA_WEBHOOK_SECRET,
      };
}

/** The live credential comes from the environment (lib/env.ts is the only reader); the source holds none. */
export function keyFromEnv(p: ChecklistProvider) {
  return (c: EvalContext): Outcome => {
    const k = credentials(c, p);
    if (k.live && !isLocalUrl(k.baseUrl))
      return {
        status: 'pass',
        evidence: `${k.liveVar} is read from the environment; the source holds no key. Mode: ${k.mode}.`,
      };
    const test = isLocalUrl(k.baseUrl)
      ? `the test credential is the one generated for the local provider sandbox`
      : `${k.testVar} ${k.test ? 'is set' : 'is not set'}`;
    return {
      status: 'warn',
      evidence: `${k.liveVar} is not set${k.live ? ' for a real provider URL' : ''}; ${test}. Mode: ${k.mode}.`,
    };
  };
}

/** Test and live credentials live in separate variables; the mode picks one, never both. */
export function separateCredentials(p: ChecklistProvider) {
  return (c: EvalContext): Outcome => {
    const k = credentials(c, p);
    if (k.live && k.test && k.live === k.test)
      return { status: 'fail', evidence: `${k.testVar} and ${k.liveVar} hold the same value.` };
    return {
      status: 'pass',
      evidence: `${k.testVar} (${k.test ? 'set' : 'not set'}) and ${k.liveVar} (${k.live ? 'set' : 'not set'}) are separate; mode ${k.mode} uses only the ${k.mode} one.`,
    };
  };
}

/** Signed deliveries verified, unsigned/forged/stale ones answered 401, relabelled ones 400 — and none of those ever processed. */
export function signatureValidation(p: ChecklistProvider) {
  return (c: EvalContext): Outcome => {
    const { f } = c;
    const verified = webhooksBySignature(f, p, GENUINE);
    const previous = webhooksBySignature(f, p, ['valid_previous_secret']);
    const kinds = ['missing', 'invalid', 'stale']
      .map((s) => [s, webhooksBySignature(f, p, [s])] as const)
      .filter(([, v]) => v > 0);
    const rejected = kinds.reduce((s, [, v]) => s + v, 0);
    // Validly signed but relabelled by an unsigned header: refused too, with 400 (exdata's X-Event).
    const mismatched = webhooksBySignature(f, p, ['mismatch']);
    const leaked = webhookSample(f, p, (w) => !GENUINE.includes(w.signature) && w.result !== 'rejected').n;
    const link = `/webhooks?provider=${p}&result=rejected`;
    const secret = credentials(c, p).secret;
    if (!secret)
      return {
        status: 'fail',
        evidence: `No webhook secret is configured for ${label[p]}: no delivery can be verified.`,
        link,
      };
    if (leaked > 0)
      return {
        status: 'fail',
        evidence: `${plural(leaked, 'delivery', 'deliveries')} that failed the signature check went on to processing${sampleSpan(f, c.now)}.`,
        link,
      };
    const detail = kinds.map(([k, v]) => `${n(v)} ${k === 'missing' ? 'unsigned' : k}`).join(', ');
    const refused = [
      rejected ? `${n(rejected)} rejected with 401 (${detail})` : '',
      mismatched ? `${n(mismatched)} rejected with 400 (an unsigned header contradicted the signed body)` : '',
    ].filter(Boolean);
    const rejectedText = refused.length ? `${refused.join(', ')}, none processed` : 'none rejected yet';
    const evidence = `${n(verified)} verified${previous ? ` (${n(previous)} with the previous secret during rotation)` : ''}; ${rejectedText}.`;
    return {
      status: verified > 0 ? 'pass' : 'warn',
      evidence: verified > 0 ? evidence : `No verified delivery yet; ${rejectedText}.`,
      link,
    };
  };
}

/** A redelivered ID is answered 200 without a second job; a replay with a new ID is suppressed on its effect. */
export function duplicatesHandled(p: ChecklistProvider) {
  return (c: EvalContext): Outcome => {
    const { f } = c;
    // Rollups count every redelivery since the triggers exist; the sample also covers rows written without them (seeded
    // history).
    const redelivered = Math.max(
      rollup(f, 'webhook_duplicate', ([q]) => q === p),
      webhookSample(f, p).duplicates,
    );
    const effects = Math.max(
      rollup(f, 'webhook_result', ([q, r]) => q === p && r === 'duplicate_effect'),
      webhookSample(f, p, (w) => w.result === 'duplicate_effect').n,
    );
    const link = `/webhooks?provider=${p}&result=duplicate_effect`;
    if (redelivered + effects === 0)
      return {
        status: 'warn',
        evidence: `No duplicate delivery seen yet, so suppression is unproven (one accepted delivery per ${label[p]} delivery ID is enforced by a unique index).`,
        link,
      };
    return {
      status: 'pass',
      evidence: `${plural(redelivered, 'redelivery', 'redeliveries')} of a stored ID answered 200 without a second job; ${plural(effects, 'replay')} with a new ID suppressed as duplicate_effect.`,
      link,
    };
  };
}

/** Throttled below the tier limit, and 429s that did happen were retried until the call succeeded. */
export function rateLimits(p: ChecklistProvider) {
  return (c: EvalContext): Outcome => {
    const rate = p === 'goroute' ? c.env.GOROUTE_RATE_PER_SECOND : c.env.EXDATA_RATE_PER_SECOND;
    const variable = p === 'goroute' ? 'GOROUTE_RATE_PER_SECOND' : 'EXDATA_RATE_PER_SECOND';
    const total = rollup(c.f, 'api_call', ([q, , s]) => q === p && s === '429');
    const s = callSample(c.f, p, '429');
    const throttle = `Client throttle ${n(rate)}/s per process (${variable})`;
    if (total === 0) return { status: 'warn', evidence: `${throttle}; no 429 seen yet, so back-off is unproven.` };
    const newest = s.n
      ? `; of the newest ${n(s.n)}, ${n(s.recovered)} later succeeded on retry${s.waiting ? `, ${n(s.waiting)} still waiting for their next attempt` : ''}`
      : '';
    return {
      status: s.n === 0 || s.recovered > 0 ? 'pass' : 'warn',
      evidence: `${throttle}; ${times('429', total)} recorded${newest}.`,
    };
  };
}

/**
 * One live document through the whole workflow. In test mode nothing live can exist yet: the newest
 * test document that went all the way is linked so a manager can inspect what the live run must look like.
 */
export function firstLiveDocument(p: ChecklistProvider) {
  return (c: EvalContext): Outcome => {
    const mode = p === 'goroute' ? c.env.GOROUTE_MODE : c.env.EXDATA_MODE;
    const live = c.f.latestLive;
    const doc = mode === 'live' && live ? live : c.f.latestComplete;
    if (!doc)
      return {
        status: mode === 'live' ? 'fail' : 'warn',
        evidence: `No document has gone all the way yet (uploaded → extracted → webhook → delivered). Mode: ${mode}.`,
      };
    const facts = `${doc.sourceId}: exdata ID ${doc.exdataDocumentId}, ${plural(doc.webhooks, 'webhook delivery', 'webhook deliveries')}, GoRoute transaction ${doc.gorouteTransactionId}`;
    const link = `/documents/${doc.id}`;
    if (mode === 'live' && live)
      return { status: 'pass', evidence: `Live document went all the way — ${facts}.`, link };
    if (mode === 'live')
      return {
        status: 'warn',
        evidence: `Live mode, but the newest complete document was not extracted in live mode (${doc.exdataMode ?? 'mode unknown'}) — ${facts}.`,
        link,
      };
    return {
      status: 'warn',
      evidence: `Test mode: no live document yet. Newest test document through the whole workflow — ${facts}.`,
      link,
    };
  };
}

/** Last successful call of a provider (the key works) and the mode it was made in. */
export function keyWorks(p: ChecklistProvider) {
  return (c: EvalContext): Outcome => {
    const mode = p === 'goroute' ? c.env.GOROUTE_MODE : c.env.EXDATA_MODE;
    const last = c.f.lastSuccess[p];
    if (!last) return { status: 'fail', evidence: `No successful ${label[p]} call recorded. Mode: ${mode}.` };
    const seen = `last successful call ${ago(last.at, c.now)} (${last.operation})`;
    const fresh = c.now.getTime() - last.at.getTime() < 24 * 3600_000;
    if (mode !== 'live')
      return { status: 'warn', evidence: `Test mode: the test key works, ${seen}; the live key is not in use yet.` };
    return { status: fresh ? 'pass' : 'warn', evidence: `Live mode: ${seen}.` };
  };
}

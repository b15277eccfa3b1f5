import { calls, GENUINE, isError, n, percent, plural, rollup, sends, setting, webhookSample, ago } from './facts';
import { goroute } from './goroute-items';
import { firstLiveDocument, keyWorks } from './shared';
import type { ChecklistItem, EvalContext, Outcome } from './types';

// GoRoute's production checklist: the go-live day, the first week and after.

const manual = { manual: true } as const;
const DAY_OF_LAUNCH = 'Go-Live: Day of Launch';
const FIRST_WEEK = 'Go-Live: First Week';
const WEEKS_1_4 = 'Post-Launch: Week 1-4';
const ONGOING = 'Post-Launch: Ongoing';

const threshold = (c: EvalContext) => Number(setting(c.f, 'alert_thresholds')?.failure_rate_percent ?? 10);

/** Outbound deliveries against failed attempts in a rollup window. */
function deliveryRate(c: EvalContext, window: 'n24h' | 'n7d', label: string): Outcome {
  const delivered = rollup(c.f, 'txn_status', ([d, s]) => d === 'outbound' && s === 'delivered', window);
  const failed = rollup(c.f, 'txn_status', ([d, s]) => d === 'outbound' && s === 'failed', window);
  if (delivered + failed === 0) return { status: 'warn', evidence: `No outbound send finished in the ${label}.` };
  const failRate = (failed / (delivered + failed)) * 100;
  return {
    status: failRate <= threshold(c) ? 'pass' : 'warn',
    evidence: `${label}: ${plural(delivered, 'send')} delivered, ${plural(failed, 'failed attempt')} — ${percent(delivered, delivered + failed)} success (alert above ${n(threshold(c))} % failures).`,
  };
}

function errorRates(c: EvalContext): Outcome {
  const parts = (['goroute', 'exdata'] as const).map((p) => {
    const all = calls(c.f, p, { window: 'n24h' });
    const bad = calls(c.f, p, { status: isError, window: 'n24h' });
    return { p, all, bad, rate: all ? (bad / all) * 100 : 0 };
  });
  if (parts.every((x) => x.all === 0)) return { status: 'warn', evidence: 'No provider call in the last 24 h.' };
  const text = parts
    .map((x) => `${x.p === 'goroute' ? 'GoRoute' : 'exdata'} ${percent(x.bad, x.all)} of ${plural(x.all, 'call')}`)
    .join(', ');
  const over = parts.some((x) => x.rate > threshold(c));
  return {
    status: over ? 'warn' : 'pass',
    evidence: `Errors in the last 24 h: ${text} (alert above ${n(threshold(c))} %).`,
  };
}

export const gorouteLaunchItems: ChecklistItem[] = [
  goroute(DAY_OF_LAUNCH, 'launch.key_works', 'Verify production API key works', undefined, {
    evaluate: keyWorks('goroute'),
  }),
  goroute(
    DAY_OF_LAUNCH,
    'launch.test_invoice',
    'Send a test invoice to a known recipient',
    'Use a real invoice to a friendly customer; verify delivery confirmation received',
    { evaluate: firstLiveDocument('goroute') },
  ),
  goroute(
    DAY_OF_LAUNCH,
    'launch.webhooks',
    'Confirm webhook delivery',
    'Check webhooks are arriving; verify signature validation works',
    {
      evaluate: ({ f, now }) => {
        const last = f.lastWebhook.goroute;
        if (!last)
          return {
            status: 'fail',
            evidence: 'No verified GoRoute webhook has arrived.',
            link: '/webhooks?provider=goroute',
          };
        const day = f.rollups
          .filter((r) => r.metric === 'webhook' && r.dims[0] === 'goroute' && GENUINE.includes(r.dims[2]!))
          .reduce((s, r) => s + r.n24h, 0);
        const fresh = now.getTime() - last.getTime() < 24 * 3600_000;
        return {
          status: fresh ? 'pass' : 'warn',
          evidence: `Latest verified delivery ${ago(last, now)}; ${plural(day, 'verified delivery', 'verified deliveries')} in the last 24 h.`,
          link: '/webhooks?provider=goroute',
        };
      },
    },
  ),
  goroute(DAY_OF_LAUNCH, 'launch.dashboards', 'Monitor dashboards', 'Watch for errors; track success rates', {
    evaluate: (c) => ({ ...deliveryRate(c, 'n24h', 'Last 24 h'), link: '/' }),
  }),
  goroute(
    DAY_OF_LAUNCH,
    'launch.rollback',
    'Have rollback plan ready',
    'Can revert to previous version; know how to disable integration if needed',
    manual,
  ),

  goroute(FIRST_WEEK, 'first_week.error_rates', 'Monitor error rates daily', undefined, { evaluate: errorRates }),
  goroute(FIRST_WEEK, 'first_week.failed_review', 'Review all failed transactions', undefined, {
    evaluate: ({ f }) => {
      const open = f.failed.reduce((s, r) => s + r.n, 0);
      return {
        status: open === 0 ? 'pass' : 'warn',
        evidence: open === 0 ? 'No failed send open.' : `${plural(open, 'failed send')} open to review.`,
        link: '/failures',
      };
    },
  }),
  goroute(FIRST_WEEK, 'first_week.delivery_rate', 'Check delivery success rates', undefined, {
    evaluate: (c) => deliveryRate(c, 'n7d', 'Last 7 days'),
  }),
  goroute(FIRST_WEEK, 'first_week.customer_feedback', 'Gather customer feedback', undefined, manual),
  goroute(FIRST_WEEK, 'first_week.webhook_logs', 'Review webhook processing logs', undefined, {
    evaluate: ({ f }) => {
      const failed =
        webhookSample(f, 'goroute', (w) => w.result === 'failed').n +
        webhookSample(f, 'exdata', (w) => w.result === 'failed').n;
      const unmatched =
        webhookSample(f, 'goroute', (w) => w.result === 'unmatched').n +
        webhookSample(f, 'exdata', (w) => w.result === 'unmatched').n;
      return {
        status: failed === 0 ? 'pass' : 'warn',
        evidence: `${plural(failed, 'delivery', 'deliveries')} failed processing, ${n(unmatched)} matched nothing (newest deliveries).`,
        link: '/webhooks?result=failed',
      };
    },
  }),
  goroute(FIRST_WEEK, 'first_week.document_types', 'Verify all document types working', undefined, {
    evaluate: ({ f }) => {
      const types = [...new Set(f.sends.map((t) => t.documentType))];
      const text = types.map(
        (t) => `${t} ${n(sends(f, (x) => x.documentType === t && x.status === 'delivered').n)} delivered`,
      );
      const broken = types.filter((t) => sends(f, (x) => x.documentType === t && x.status === 'delivered').n === 0);
      if (types.length === 0) return { status: 'warn', evidence: 'No Peppol exchange yet.' };
      return {
        status: broken.length ? 'warn' : 'pass',
        evidence: `${text.join(' · ')}${broken.length ? `; never delivered: ${broken.join(', ')}` : ''}.`,
      };
    },
  }),
  goroute(FIRST_WEEK, 'first_week.countries', 'Test with multiple recipient countries', undefined, {
    evaluate: ({ f }) => {
      const countries = [
        ...new Set(
          f.sends
            .filter((t) => t.direction === 'outbound' && t.status === 'delivered' && t.country)
            .map((t) => t.country!),
        ),
      ].sort();
      const text = countries
        .map(
          (k) =>
            `${k} ${n(sends(f, (t) => t.direction === 'outbound' && t.status === 'delivered' && t.country === k).n)}`,
        )
        .join(' · ');
      return {
        status: countries.length >= 2 ? 'pass' : 'warn',
        evidence: countries.length
          ? `Delivered to ${plural(countries.length, 'country', 'countries')}: ${text}.`
          : 'No send delivered yet.',
        link: '/transactions?status=delivered',
      };
    },
  }),

  goroute(WEEKS_1_4, 'post_launch.daily_monitoring', 'Daily monitoring of success rates', undefined, {
    evaluate: (c) => deliveryRate(c, 'n24h', 'Last 24 h'),
  }),
  goroute(WEEKS_1_4, 'post_launch.weekly_failed_review', 'Weekly review of failed transactions', undefined, {
    evaluate: ({ f }) => {
      const stale = f.failed.reduce((s, r) => s + r.older7d, 0);
      return {
        status: stale === 0 ? 'pass' : 'warn',
        evidence:
          stale === 0
            ? 'No failed send has waited more than a week.'
            : `${plural(stale, 'failed send')} waiting more than a week.`,
        link: '/failures',
      };
    },
  }),
  goroute(WEEKS_1_4, 'post_launch.error_patterns', 'Collect and analyze error patterns', undefined, {
    evaluate: ({ f }) => {
      const errors = f.rollups
        .filter((r) => r.metric === 'api_call' && isError(r.dims[2]!) && r.n7d > 0)
        .sort((a, b) => b.n7d - a.n7d)
        .slice(0, 3);
      const rules = f.rollups
        .filter((r) => r.metric === 'validation_error' && r.n7d > 0)
        .sort((a, b) => b.n7d - a.n7d)
        .slice(0, 3);
      const text = [
        ...errors.map((r) => `${r.dims[0]} ${r.dims[1]} ${r.dims[2]} ×${n(r.n7d)}`),
        ...rules.map((r) => `rule ${r.dims[0]} ×${n(r.n7d)}`),
      ];
      return {
        status: 'pass',
        evidence: text.length
          ? `Top errors, last 7 days: ${text.join(', ')}.`
          : 'No provider error in the last 7 days.',
        link: '/failures',
      };
    },
  }),
  goroute(WEEKS_1_4, 'post_launch.tune_retries', 'Tune retry policies based on real data', undefined, manual),
  goroute(WEEKS_1_4, 'post_launch.update_docs', 'Update documentation based on learnings', undefined, manual),

  goroute(ONGOING, 'ongoing.security_review', 'Monthly security review', undefined, manual),
  goroute(ONGOING, 'ongoing.dr_test', 'Quarterly disaster recovery test', undefined, manual),
  goroute(ONGOING, 'ongoing.api_versions', 'API version monitoring (deprecations)', undefined, manual),
  goroute(ONGOING, 'ongoing.performance_trend', 'Performance trend analysis', undefined, {
    evaluate: ({ f }) => {
      const trend = (['goroute', 'exdata'] as const).map((p) => {
        const series = f.rollups.filter((r) => r.metric === 'api_call' && r.dims[0] === p);
        const [now, before] = [
          series.reduce((s, r) => [s[0]! + r.s7d, s[1]! + r.n7d], [0, 0]),
          series.reduce((s, r) => [s[0]! + r.sPrev7d, s[1]! + r.nPrev7d], [0, 0]),
        ];
        const ms = (x: number[]) => (x[1] ? `${n(Math.round((x[0]! / x[1]) * 1000))} ms` : '—');
        return `${p === 'goroute' ? 'GoRoute' : 'exdata'} ${ms(now)} (week before ${ms(before)})`;
      });
      const any = calls(f, 'goroute', { window: 'n7d' }) + calls(f, 'exdata', { window: 'n7d' });
      return {
        status: any > 0 ? 'pass' : 'warn',
        evidence: `Average call latency this week: ${trend.join(', ')}.`,
        link: '/api/metrics',
      };
    },
  }),
  goroute(ONGOING, 'ongoing.customer_satisfaction', 'Customer satisfaction tracking', undefined, manual),
];

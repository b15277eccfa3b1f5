import { callSample, n, plural, rollup, setting } from './facts';
import { goroute } from './goroute-items';
import type { ChecklistItem } from './types';

// GoRoute's production checklist, pre-launch part two: monitoring, data, performance, recovery.

const manual = { manual: true } as const;

export const gorouteOpsItems: ChecklistItem[] = [
  goroute('Monitoring & Observability', 'monitoring.health', 'Health checks configured', 'Monitor API availability', {
    evaluate: () => ({
      status: 'pass',
      evidence: '/api/health checks the database, the job queue and both providers; point your uptime monitor at it.',
      link: '/api/health',
    }),
  }),
  goroute(
    'Monitoring & Observability',
    'monitoring.metrics',
    'Metrics collection',
    'Track success rates, latency, volume',
    {
      evaluate: ({ f }) => {
        const series = f.rollups.length;
        return {
          status: series > 0 ? 'pass' : 'warn',
          evidence: `${plural(series, 'series', 'series')} of hourly rollups (calls with latency, sends, receives, validation errors, webhooks) kept by database triggers; Prometheus text at /api/metrics.`,
          link: '/api/metrics',
        };
      },
    },
  ),
  goroute(
    'Monitoring & Observability',
    'monitoring.logging',
    'Logging implemented',
    'Structured logs with correlation IDs',
    {
      evaluate: ({ f }) => {
        const s = callSample(f, 'goroute');
        const kept = s.n - s.noRequestId;
        return {
          status: s.n === 0 || kept / s.n >= 0.95 ? 'pass' : 'warn',
          evidence: `JSON logs (pino, secrets redacted) with a correlation ID per request and job; ${n(kept)} of the newest ${plural(s.n, 'GoRoute call')} kept their X-Request-ID.`,
        };
      },
    },
  ),
  goroute('Monitoring & Observability', 'monitoring.dashboards', 'Dashboards created', 'Visualize key metrics', {
    evaluate: () => ({
      status: 'pass',
      evidence: 'This go-live page: volumes, failures, webhook health, alerts and this checklist, read from rollups.',
      link: '/',
    }),
  }),
  goroute('Monitoring & Observability', 'monitoring.alerting_rules', 'Alerting rules defined', 'Alert on anomalies', {
    evaluate: ({ f }) => {
      const t = setting(f, 'alert_thresholds');
      if (!t)
        return {
          status: 'warn',
          evidence: 'Alert thresholds were never saved: the defaults apply.',
          link: '/settings',
        };
      const text = Object.entries(t)
        .map(([k, v]) => `${k} ${String(v)}`)
        .join(', ');
      return { status: 'pass', evidence: `Thresholds: ${text}.`, link: '/settings' };
    },
  }),

  goroute(
    'Data & Compliance',
    'compliance.retention',
    'Data retention policy defined',
    'How long to keep transaction data',
    {
      evaluate: ({ f }) => {
        const days = setting(f, 'retention')?.raw_payload_days;
        return typeof days === 'number'
          ? {
              status: 'pass',
              evidence: `Raw payloads (webhook bodies, uploaded files, delivered UBL) are purged after ${n(days)} days by the nightly retention job; metadata, timelines and the audit log are kept.`,
              link: '/settings',
            }
          : {
              status: 'warn',
              evidence: 'No retention period saved: the job uses the default of 90 days.',
              link: '/settings',
            };
      },
    },
  ),
  goroute('Data & Compliance', 'compliance.gdpr', 'GDPR compliance reviewed', 'PII handling in documents', manual),
  goroute('Data & Compliance', 'compliance.audit_trail', 'Audit trail maintained', 'Full history of all transactions', {
    evaluate: ({ f }) => ({
      status: 'pass',
      evidence: `${plural(rollup(f, 'txn_created'), 'transaction')} with one timeline each (transitions, provider calls, webhooks, people); ${plural(f.auditRows, 'audited human action')}. Retention never removes these.`,
      link: '/audit',
    }),
  }),
  goroute('Data & Compliance', 'compliance.backup', 'Backup strategy in place', 'Can recover from data loss', manual),
  goroute('Data & Compliance', 'compliance.legal', 'Legal review complete', 'Terms of service accepted', manual),

  goroute(
    'Performance & Scalability',
    'performance.load_testing',
    'Load testing complete',
    'Test with expected peak volume',
    manual,
  ),
  goroute(
    'Performance & Scalability',
    'performance.pooling',
    'Connection pooling configured',
    'Reuse HTTP connections',
    {
      evaluate: () => ({
        status: 'pass',
        evidence: 'Each provider client keeps one undici keep-alive pool (10 connections) for the life of the process.',
      }),
    },
  ),
  goroute(
    'Performance & Scalability',
    'performance.async',
    'Async processing for batches',
    'Use job queues for high volume',
    {
      evaluate: ({ f }) =>
        f.queues
          ? {
              status: 'pass',
              evidence: `${plural(f.queues, 'pg-boss queue')} on PostgreSQL carry uploads, sends, webhook processing, sweeps and retention; bulk retry enqueues in one insert.`,
            }
          : { status: 'fail', evidence: 'The pg-boss queues are not installed in this database.' },
    },
  ),
  goroute(
    'Performance & Scalability',
    'performance.indexes',
    'Database indexes optimized',
    'Fast transaction lookups',
    {
      evaluate: ({ f }) => ({
        status: 'pass',
        evidence: `${plural(f.indexes, 'index', 'indexes')} serve every list filter, search ID and sweep; lists page by keyset, never OFFSET.`,
      }),
    },
  ),
  goroute(
    'Performance & Scalability',
    'performance.horizontal',
    'Horizontal scaling ready',
    'Can add more workers if needed',
    {
      evaluate: () => ({
        status: 'pass',
        evidence:
          'Workers are separate processes (WORKERS in npm start, npm run worker on any machine); pg-boss hands each job to one worker and the web server is stateless.',
      }),
    },
  ),

  goroute(
    'Disaster Recovery',
    'dr.failover',
    'Failover plan documented',
    'What happens if primary region fails?',
    manual,
  ),
  goroute('Disaster Recovery', 'dr.backup_tested', 'Data backup tested', 'Can actually restore from backups', manual),
  goroute('Disaster Recovery', 'dr.runbooks', 'Runbooks created', 'Step-by-step incident response', manual),
  goroute('Disaster Recovery', 'dr.contacts', 'Contact list updated', 'Know who to call for support', manual),
  goroute('Disaster Recovery', 'dr.rto_rpo', 'RTO/RPO defined', 'Recovery time and point objectives', manual),
];

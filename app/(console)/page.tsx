import type { Metadata } from 'next';
import Link from 'next/link';
import { Suspense } from 'react';
import { LiveRefresh } from '@/components/live/live-refresh';
import { PageHeader } from '@/components/ui/page-header';
import { Table, Td } from '@/components/ui/table';
import { getGoLive, HELD_CAP, type GoLive } from '@/db/queries/golive';
import { requirePermission } from '@/lib/auth/guard';
import { can } from '@/lib/rules/permissions';
import { formatDateTime } from '@/lib/format';
import { ranges, type Range } from '@/db/queries/series';
import { LATENCY_BOUNDS_MS } from '@/lib/histogram';
import { pickEnum, type SearchParams } from '@/lib/search-params';
import { RankedBars, RateLines, StackedBars } from './_components/charts-lazy';
import { ReadinessChecklist } from './_components/readiness-checklist';
import { ResumeUploadsButton } from './documents/_components/resume-uploads-button';

export const metadata: Metadata = { title: 'Go-live' };

const rangeNames = Object.keys(ranges) as Range[];
const pct = (v: number | null) => (v == null ? '—' : `${v} %`);
const n = (v: number) => v.toLocaleString('en-GB');
// The histogram's last bucket is open-ended: all it can say is "over 10 s".
const ms = (v: number | null) =>
  v == null ? '—' : v >= LATENCY_BOUNDS_MS.at(-1)! ? `> ${LATENCY_BOUNDS_MS.at(-1)! / 1000} s` : `${Math.round(v)} ms`;

const heldText = (held: number) =>
  held >= HELD_CAP ? `${n(HELD_CAP)}+ documents` : `${n(held)} document${held === 1 ? '' : 's'}`;

/** What uploads are doing now, from the pause itself (never from the credits alert, which outlives it). */
function uploadsNote(up: GoLive['kpis']['uploads']) {
  if (up.paused) return `uploads paused since ${formatDateTime(up.since)}`;
  return up.held > 0 ? `uploads running · ${heldText(up.held)} blocked for credits` : 'uploads running';
}

export default async function GoLivePage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requirePermission('dashboard:view');
  const range = pickEnum((await searchParams).range, rangeNames) ?? '24h';
  return (
    <>
      <PageHeader
        title="Go-live"
        description="Are we ready to go live, and if not, what is missing? Live figures and both providers' production checklists."
      >
        <nav aria-label="Range" className="flex gap-1 text-sm">
          {rangeNames.map((r) => (
            <Link
              key={r}
              href={`/?range=${r}`}
              aria-current={r === range ? 'true' : undefined}
              className={`rounded px-2 py-1 ${r === range ? 'bg-slate-900 text-white' : 'bg-white ring-1 ring-slate-200 hover:bg-slate-100'}`}
            >
              {r}
            </Link>
          ))}
        </nav>
      </PageHeader>
      {/* Figures over everything: at most one refresh per 5 s, whatever moves. */}
      <LiveRefresh topics={['documents', 'transactions', 'webhooks', 'alerts']} throttleMs={5_000} />
      <Suspense
        key={range}
        fallback={
          <p
            className="mb-6 h-64 animate-pulse rounded-lg bg-slate-100"
            aria-busy="true"
            aria-label="Loading figures"
          />
        }
      >
        <Figures range={range} canResume={can(user.role, 'documents:retry')} />
      </Suspense>
      <Suspense
        fallback={
          <p className="h-64 animate-pulse rounded-lg bg-slate-100" aria-busy="true" aria-label="Loading checklist" />
        }
      >
        <ReadinessChecklist />
      </Suspense>
    </>
  );
}

async function Figures({ range, canResume }: { range: Range; canResume: boolean }) {
  const g = await getGoLive(range);
  const k = g.kpis;
  const up = k.uploads;
  const kpis = [
    {
      label: `Delivery success (${range})`,
      value: pct(k.deliveryRate),
      note: `${n(k.delivered)} delivered · ${n(k.failedAttempts)} failed attempts`,
      href: '/transactions?status=delivered',
    },
    {
      label: `Extraction completion (${range})`,
      value: pct(k.extractionRate),
      note: 'completed vs extraction errors',
      href: '/failures',
    },
    {
      label: 'Pending too long (now)',
      value: n(k.pendingTooLong),
      note: `exdata ${k.pending.exdata} · GoRoute ${k.pending.goroute} · review ${k.pending.review}`,
      href: '/documents?view=pending',
      bad: k.pendingTooLong > 0,
    },
    { label: 'Awaiting review (now)', value: n(k.inReview), note: 'money, tax or vendor identity', href: '/review' },
    {
      label: 'Open alerts',
      value: n(k.openAlerts),
      note: up.paused ? 'exdata credits exhausted, uploads paused' : 'open or acknowledged',
      href: '/alerts',
      bad: k.openAlerts > 0,
    },
    {
      label: `Webhooks (${range})`,
      value: n(k.webhooksVerified),
      note: `verified · ${n(k.webhooksRejected)} rejected · ${n(k.webhookDuplicates)} duplicates`,
      href: '/webhooks',
      bad: k.webhooksRejected > 0,
    },
    {
      label: `402 credits events (${range})`,
      value: n(k.creditsEvents),
      note: uploadsNote(up),
      href: '/alerts',
      bad: up.paused || up.held > 0,
    },
  ];
  return (
    <>
      {(up.paused || up.held > 0) && (
        <p
          role="note"
          aria-label="Uploads"
          className="mb-4 flex flex-wrap items-center gap-3 rounded border border-amber-300 bg-amber-50 px-3 py-2 text-amber-900"
        >
          <span>
            {up.paused
              ? `exdata credits exhausted: uploads paused since ${formatDateTime(up.since)}. `
              : 'Uploads are running. '}
            {heldText(up.held)} held back by exdata credits.
          </span>
          {canResume && <ResumeUploadsButton pausedSince={up.since?.toISOString() ?? null} />}
        </p>
      )}
      <dl className="mb-6 grid grid-cols-2 gap-3 lg:grid-cols-4 2xl:grid-cols-7" aria-label="Key figures">
        {kpis.map((x) => (
          // A card is one group of the list (dt + dd inside a div, as <dl> allows); its label is the link, stretched
          // over the whole card so the card stays one click target.
          <div
            key={x.label}
            className={`relative rounded-lg border bg-white p-3 focus-within:ring-2 focus-within:ring-blue-500 hover:border-slate-400 ${x.bad ? 'border-amber-300' : 'border-slate-200'}`}
          >
            <dt className="text-xs uppercase tracking-wide text-slate-500">
              <Link href={x.href} className="outline-none after:absolute after:inset-0">
                {x.label}
              </Link>
            </dt>
            <dd className="mt-1 text-2xl font-semibold tabular-nums">{x.value}</dd>
            <dd className="text-xs text-slate-500">{x.note}</dd>
          </div>
        ))}
      </dl>
      <section aria-label="Charts" className="mb-6 grid gap-4 xl:grid-cols-2">
        <StackedBars
          title="Sends by status"
          summary={`${n(k.delivered)} delivered, ${n(k.failedAttempts)} failed attempts`}
          data={g.sends}
          step={g.step}
          series={[
            { key: 'delivered', label: 'delivered', color: '#059669' },
            { key: 'in_flight', label: 'in flight', color: '#2563eb' },
            { key: 'queued', label: 'queued', color: '#94a3b8' },
            { key: 'failed', label: 'failed', color: '#dc2626' },
          ]}
        />
        <RateLines
          title="Success rates"
          summary={`delivery ${pct(k.deliveryRate)}, extraction ${pct(k.extractionRate)}`}
          data={g.rates}
          step={g.step}
          series={[
            { key: 'delivery', label: 'delivery success', color: '#059669' },
            { key: 'extraction', label: 'extraction completion', color: '#7c3aed' },
          ]}
        />
        <StackedBars
          title="Webhook deliveries"
          summary={`${n(k.webhooksVerified)} verified, ${n(k.webhooksRejected)} rejected, ${n(k.webhookDuplicates)} duplicates`}
          data={g.webhooks}
          step={g.step}
          series={[
            { key: 'verified', label: 'verified', color: '#059669' },
            { key: 'duplicates', label: 'duplicates', color: '#f59e0b' },
            { key: 'rejected', label: 'rejected', color: '#dc2626' },
          ]}
        />
        <StackedBars
          title="402 insufficient credits"
          summary={`${n(k.creditsEvents)} in range`}
          data={g.credits}
          step={g.step}
          series={[{ key: 'credits', label: '402 answers', color: '#b45309' }]}
        />
        <RankedBars
          title="Failures by category"
          summary={`${n(g.failures.reduce((s, f) => s + f.count, 0))} in range`}
          data={g.failures}
          color="#dc2626"
        />
        <RankedBars
          title="Validation errors by rule"
          summary={`${n(g.validationRules.reduce((s, f) => s + f.count, 0))} in range`}
          data={g.validationRules}
          color="#7c3aed"
        />
      </section>
      <h2 className="mb-2 font-semibold">API latency ({range})</h2>
      <div className="mb-6">
        <Table head={['Provider and operation', 'Calls', 'p50', 'p95']} empty={g.latency.length === 0}>
          {g.latency.map((l) => (
            <tr key={l.name}>
              <Td mono>{l.name}</Td>
              <Td className="tabular-nums">{n(l.calls)}</Td>
              <Td className="tabular-nums">{ms(l.p50)}</Td>
              <Td className="tabular-nums">{ms(l.p95)}</Td>
            </tr>
          ))}
        </Table>
      </div>
    </>
  );
}

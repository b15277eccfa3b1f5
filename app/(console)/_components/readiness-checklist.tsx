import Link from 'next/link';
import { StatusBadge } from '@/components/ui/status-badge';
import { db } from '@/db/client';
import { requirePermission } from '@/lib/auth/guard';
import { can } from '@/lib/rules/permissions';
import { RelativeTime } from '@/components/ui/relative-time';
import { evaluateChecklistForPage, EVIDENCE_MAX_AGE_MS, summarize } from '@/lib/checklist/evaluate';
import type { ChecklistProvider, EvaluatedGroup, EvaluatedItem } from '@/lib/checklist/types';
import { getEnv } from '@/lib/env';
import { AttestForm } from './attest-form';

const providerNames: Record<ChecklistProvider, string> = { exdata: 'exdata', goroute: 'GoRoute' };

/**
 * Both providers' production checklists, item by item, judged on live data. Groups with anything left
 * to do are open; groups that fully pass are folded so what is missing stands out.
 */
export async function ReadinessChecklist() {
  const user = await requirePermission('dashboard:view');
  const env = getEnv();
  const { groups, readAt } = await evaluateChecklistForPage(db, env);
  const canAttest = can(user.role, 'checklist:attest');
  const modes: Record<ChecklistProvider, string> = { exdata: env.EXDATA_MODE, goroute: env.GOROUTE_MODE };
  return (
    <section aria-label="Readiness checklist" className="mb-6">
      <h2 className="font-semibold">Readiness checklist</h2>
      <p className="mb-3 text-sm text-slate-500">
        Every item of both production checklists. pass and fail come from live data; warn means not yet proven; manual
        items need an admin to tick them with a note. Evidence read <RelativeTime at={readAt} /> (at most{' '}
        {EVIDENCE_MAX_AGE_MS / 1000} s old).
      </p>
      <div className="grid gap-4">
        {(['exdata', 'goroute'] as const).map((p) => (
          <ProviderChecklist
            key={p}
            provider={p}
            mode={modes[p]}
            groups={groups.filter((g) => g.provider === p)}
            canAttest={canAttest}
          />
        ))}
      </div>
    </section>
  );
}

function ProviderChecklist({
  provider,
  mode,
  groups,
  canAttest,
}: {
  provider: ChecklistProvider;
  mode: string;
  groups: EvaluatedGroup[];
  canAttest: boolean;
}) {
  const s = summarize(groups, provider);
  const headingId = `checklist-${provider}`;
  return (
    <section aria-labelledby={headingId} className="rounded-lg border border-slate-200 bg-white">
      <header className="flex flex-wrap items-baseline justify-between gap-2 border-b border-slate-100 px-4 py-3">
        <h3 id={headingId} className="font-semibold">
          {providerNames[provider]} production checklist{' '}
          <span className="ml-1 rounded bg-slate-100 px-1.5 text-xs uppercase">{mode}</span>
        </h3>
        <p className="text-sm tabular-nums text-slate-600" data-summary={provider}>
          {s.pass} pass · {s.warn} warn · {s.fail} fail · {s.manual} manual
        </p>
      </header>
      {groups.map((g) => {
        const todo = g.items.some((i) => i.status !== 'pass');
        return (
          <details key={g.group} open={todo} className="border-b border-slate-100 last:border-b-0">
            <summary className="cursor-pointer px-4 py-2 text-sm font-medium">
              {g.group}{' '}
              <span className="font-normal text-slate-500">
                ({g.items.filter((i) => i.status === 'pass').length}/{g.items.length} pass)
              </span>
            </summary>
            <ul className="divide-y divide-slate-100 px-4 pb-2">
              {g.items.map((i) => (
                <ChecklistRow key={i.id} item={i} canAttest={canAttest} />
              ))}
            </ul>
          </details>
        );
      })}
    </section>
  );
}

function ChecklistRow({ item, canAttest }: { item: EvaluatedItem; canAttest: boolean }) {
  const external = item.link?.startsWith('/api/');
  const linkClass = 'whitespace-nowrap text-blue-700 underline';
  return (
    <li data-status={item.status} data-item={item.id} className="grid grid-cols-[4.5rem_minmax(0,1fr)] gap-x-3 py-2">
      <div className="pt-0.5">
        <StatusBadge status={item.status} />
      </div>
      <div className="min-w-0">
        <p className="text-sm font-medium">
          {item.text}
          {item.detail && <span className="font-normal text-slate-500"> — {item.detail}</span>}
        </p>
        <p className="break-words text-sm text-slate-700">
          {item.evidence}{' '}
          {item.link &&
            (external ? (
              <a href={item.link} className={linkClass}>
                {item.link}
              </a>
            ) : (
              <Link href={item.link} className={linkClass} aria-label={`Inspect: ${item.text}`}>
                Inspect
              </Link>
            ))}
        </p>
        {item.manual && canAttest && <AttestForm itemId={item.id} text={item.text} />}
      </div>
    </li>
  );
}

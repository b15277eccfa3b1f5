// BENCHMARKS.md: machine, data, method per benchmark, and each figure as the median of its runs with min,
// max and the budget beside it. Written only by `npm run bench`.
import { summarize } from './stats';
import type { BenchModule, BenchOutput, BenchResult } from './types';

export type Machine = {
  cpu: string;
  cores: number;
  ramGiB: number;
  node: string;
  postgres: string;
  os: string;
  date: string;
};
export type ModuleReport = { module: BenchModule; output?: BenchOutput; error?: string; seconds: number };

const fmt = (v: number, unit: string) => {
  if (!Number.isFinite(v)) return '—';
  const digits = Math.abs(v) >= 100 || Number.isInteger(v) ? 0 : Math.abs(v) >= 10 ? 1 : 2;
  return `${v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })} ${unit}`.trim();
};

export function verdicts(reports: ModuleReport[]) {
  const rows = reports.flatMap((r) =>
    (r.output?.results ?? []).map((x) => ({ result: x, ...summarize(x.runs, x.budget) })),
  );
  return { rows, missed: rows.filter((r) => !r.pass), errors: reports.filter((r) => r.error) };
}

function table(results: BenchResult[]): string[] {
  const lines = ['| figure | median | min | max | budget | runs | result |', '|---|--:|--:|--:|--:|--:|---|'];
  for (const r of results) {
    const s = summarize(r.runs, r.budget);
    lines.push(
      `| ${r.label.replace(/\|/g, '\\|')} | ${fmt(s.median, r.unit)} | ${fmt(s.min, r.unit)} | ${fmt(s.max, r.unit)} | ${r.budget.op === '<=' ? '≤' : '≥'} ${fmt(r.budget.value, r.unit)} | ${r.runs.length} | ${s.pass ? 'pass' : '**MISS**'} |`,
    );
  }
  return lines;
}

export function renderReport(o: {
  machine: Machine;
  data: string[];
  reports: ModuleReport[];
  flags: string[];
  totalSeconds: number;
}): string {
  const { rows, missed, errors } = verdicts(o.reports);
  const out: string[] = [
    '# Benchmarks',
    '',
    `Written by \`npm run bench\`${o.flags.length ? ` (\`${o.flags.join(' ')}\`)` : ''} on ${o.machine.date} in ${Math.round(o.totalSeconds / 60)} min. Do not edit by hand: run \`npm run seed:scale && npm run bench\` to reproduce (README, "Benchmarks").`,
    '',
  ];
  if (o.flags.includes('--quick'))
    out.push(
      '> **Development run (`--quick`)**: fewer requests per run and smaller volumes. These figures are not the budget measurement.',
      '',
    );
  out.push(
    `**${rows.length - missed.length} of ${rows.length} figures within budget**${missed.length ? `; missed: ${missed.map((m) => `\`${m.result.id}\``).join(', ')}` : ''}${errors.length ? `; ${errors.length} benchmark(s) failed to run: ${errors.map((e) => e.module.name).join(', ')}` : ''}.`,
    '',
    '## Machine',
    '',
    '| CPU | cores | RAM | OS | Node.js | PostgreSQL |',
    '|---|--:|--:|---|---|---|',
    `| ${o.machine.cpu} | ${o.machine.cores} | ${o.machine.ramGiB.toFixed(1)} GiB | ${o.machine.os} | ${o.machine.node} | ${o.machine.postgres} |`,
    '',
    'The console runs as `npm start` runs it: the production web server (`scripts/server.ts`: webhooks, then the Next.js production build), the job worker(s) and the provider sandbox, all on this machine, against the database below, measured over loopback.',
    '',
    '## Data',
    '',
    ...o.data,
    '',
    '## Method',
    '',
    'Each figure is measured in at least 3 independent runs; the table shows the median run with the smallest and largest, and the budget from docs/budgets.md. A figure passes when its median meets the budget.',
    '',
  );
  for (const r of o.reports) {
    out.push(`## ${r.module.title}`, '', r.module.method.trim(), '');
    if (r.error) out.push(`**Failed to run:** ${r.error.replace(/\n/g, ' ')}`, '');
    if (r.output?.results.length) out.push(...table(r.output.results), '');
    for (const note of r.output?.notes ?? []) out.push(`- ${note}`);
    if (r.output?.notes?.length) out.push('');
    out.push(`_${Math.round(r.seconds)} s._`, '');
  }
  return out.join('\n');
}

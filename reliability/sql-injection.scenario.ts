// Classic SQL-injection payloads in every URL filter and search parameter of the console and the CSV export:
// each answer must be a 200/400 (never a 500 or an error page) with exactly the rows the value means literally.
import { randomBytes } from 'node:crypto';
import { probe, seconds, table } from './lib/http-probe';
import {
  ERROR_MARK,
  fastPayloadIndexes,
  rowSet,
  sqlPayloads as allPayloads,
  sqlTargets,
  type ParamKind,
} from './lib/sql-targets';
import type { Scenario } from './lib/types';

export default {
  name: 'sql-injection',
  title: 'SQL-injection payloads in every filter and search parameter change nothing',
  proves:
    'classic SQL-injection payloads (quotes, tautologies, stacked queries, unions, casts, NUL bytes, edited cursors) in every filter and search parameter of every list page, the search box and the CSV export are answered 200/400 — never 500 or an error page — with the rows the value means as a literal.',
  fast: true,
  run: async (ctx) => {
    const t0 = performance.now();
    const failures: string[] = [];
    const stack = await ctx.stack();
    const cookie = await stack.cookie('admin');
    const rows: string[][] = [];
    const sqlPayloads = ctx.fast ? allPayloads.filter((_, i) => fastPayloadIndexes.includes(i)) : allPayloads;
    let requests = 0;
    const get = async (path: string, params: Record<string, string>, label: string) => {
      requests++;
      const url = `${stack.baseUrl}${path}${Object.keys(params).length ? `?${new URLSearchParams(params)}` : ''}`;
      try {
        const res = await probe(ctx.workDir, label, url, { headers: { cookie } });
        return {
          status: res.status,
          set: rowSet(path, res.text),
          errorPage: ERROR_MARK.test(res.text),
          broken: null as string | null,
        };
      } catch (error) {
        // A response cut mid-stream (the CSV export fails after its 200) is a server error too.
        return { status: 0, set: '', errorPage: false, broken: error instanceof Error ? error.message : String(error) };
      }
    };
    // Control: the row fingerprint does tell filtered rows from unfiltered ones, so "same rows" below means something.
    const [unfiltered, inReview] = [
      await get('/documents', {}, 'control-all'),
      await get('/documents', { state: 'in_review' }, 'control-in-review'),
    ];
    if (unfiltered.set === inReview.set)
      failures.push(
        'control: /documents and /documents?state=in_review have the same row fingerprint; the comparison cannot see rows',
      );
    for (const target of sqlTargets) {
      const all = await get(target.path, {}, `${target.path}-baseline`);
      if (all.status !== 200) failures.push(`${target.path}: the unfiltered baseline answered ${all.status}`);
      for (const [param, kind] of Object.entries(target.params) as [string, ParamKind][]) {
        // What the payload must equal: the unfiltered rows for values the server ignores, an unknown literal's rows for
        // text.
        const expected =
          kind === 'text'
            ? await get(
                target.path,
                { [param]: `zzliteral${randomBytes(6).toString('hex')}` },
                `${target.path}-${param}-literal`,
              )
            : all;
        const bad: string[] = [];
        for (const [i, value] of sqlPayloads.entries()) {
          const r = await get(target.path, { [param]: value }, `${target.path}-${param}-${i}`);
          const shown = JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
          if (r.broken) bad.push(`${shown}: response broken (${r.broken})`);
          else if (r.status !== 200 && r.status !== 400) bad.push(`${shown}: HTTP ${r.status}`);
          else if (r.errorPage) bad.push(`${shown}: the error page was rendered`);
          else if (r.status === 200 && r.set !== expected.set)
            bad.push(`${shown}: rows differ from the ${kind === 'text' ? 'literal' : 'unfiltered'} baseline`);
        }
        for (const b of bad) failures.push(`${target.path} ${param}=${b}`);
        rows.push([target.path, param, kind, `${sqlPayloads.length - bad.length}/${sqlPayloads.length}`]);
      }
    }
    ctx.log(`\n${table(['endpoint', 'parameter', 'read as', 'payloads answered correctly'], rows)}`);
    return {
      figures: [
        { label: 'endpoints × parameters', value: `${sqlTargets.length} × ${rows.length}` },
        {
          label: 'payloads per parameter',
          value: `${sqlPayloads.length}${ctx.fast ? ` (CI subset of ${allPayloads.length})` : ''}`,
        },
        { label: 'requests', value: String(requests) },
        {
          label: 'parameters with a wrong answer',
          value: String(rows.filter((r) => !r[3]!.startsWith(`${sqlPayloads.length}/`)).length),
        },
        { label: 'run time', value: seconds(performance.now() - t0) },
      ],
      failures,
    };
  },
} satisfies Scenario;

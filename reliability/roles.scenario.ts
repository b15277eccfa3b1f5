// Every server action, route handler and console page against every role and anonymous, compared with
// lib/rules/permissions.ts; plus cross-origin action POSTs with an admin session and an unknown action ID.
import { randomBytes } from 'node:crypto';
import { topicsFor } from '@/lib/live/topics';
import { can, permissions, type Permission } from '@/lib/rules/permissions';
import type { Role } from '@/db/schema/enums';
import { one, openDb, probe, probeStream, seconds, table } from './lib/http-probe';
import { actionExpectations, routeExpectations } from './lib/role-expectations';
import {
  actionIds,
  actionResult,
  pageUrl,
  readManifest,
  sourceActions,
  sourcePages,
  sourceRoutes,
} from './lib/server-actions';
import type { Scenario } from './lib/types';

const roles: Role[] = ['admin', 'support', 'finance', 'manager'];
const ROLE_REFUSAL = 'Your role does not allow this.';
const SESSION_REFUSAL = 'Your session has ended. Sign in again.';
const isPermission = (p: string): p is Permission => (permissions as readonly string[]).includes(p);

export default {
  name: 'roles',
  title: 'Every action, route handler and page refuses the roles the permission table refuses',
  proves:
    'every server action (enumerated from the source), route handler and console page, called as admin, support, finance, manager and anonymous, succeeds or fails for a business reason exactly where lib/rules/permissions.ts allows it and is refused everywhere else — forged action POSTs and cross-origin POSTs with an admin session included (one claiming the foreign host through X-Forwarded-Host) — and no refused call changes anything.',
  fast: true,
  run: async (ctx) => {
    const t0 = performance.now();
    const failures: string[] = [];
    const stack = await ctx.stack();
    const manifest = readManifest(ctx.root);
    if (manifest.encryptionKey) ctx.secret(manifest.encryptionKey);
    const ids = actionIds(manifest);
    const db = openDb(stack.databaseUrl);
    const cookies = Object.fromEntries(
      await Promise.all(roles.map(async (r) => [r, await stack.cookie(r)] as const)),
    ) as Record<Role, string>;
    const who = (r: Role | 'anonymous'): Record<string, string> => (r === 'anonymous' ? {} : { cookie: cookies[r] });
    let calls = 0;
    try {
      const pick = async (sql: string) => (await one<{ id: string }>(db, sql))?.id;
      const dynamicIds: Record<string, string> = {
        documents: (await pick(`select id from documents order by created_at desc limit 1`))!,
        transactions: (await pick(`select id from transactions order by created_at desc limit 1`))!,
        webhooks: (await pick(`select id from webhook_deliveries order by received_at desc limit 1`))!,
        review:
          (await pick(`select id from documents where pipeline_state = 'in_review' order by created_at limit 1`)) ??
          (await pick(`select id from documents limit 1`))!,
      };
      const auditBefore = (await one<{ n: string }>(db, `select count(*) as n from audit_log`)).n;

      // 1. Server actions: the source, the expectations and the build must list the same ones.
      const actions = sourceActions(ctx.root);
      for (const key of Object.keys(actionExpectations))
        if (!actions.some((a) => a.key === key)) failures.push(`expected action ${key} no longer exists in the source`);
      const actionRows: string[][] = [];
      for (const a of actions) {
        const exp = actionExpectations[a.key];
        if (!exp) {
          failures.push(`server action ${a.key} has no expectation in reliability/lib/role-expectations.ts`);
          continue;
        }
        if (a.permission !== exp.permission)
          failures.push(`${a.key}: runAction checks ${a.permission ?? 'nothing'}, expected ${exp.permission}`);
        if (!isPermission(exp.permission)) {
          failures.push(`${a.key}: ${exp.permission} is not in lib/rules/permissions.ts`);
          continue;
        }
        const built = ids.get(a.key);
        const url = built?.pages.map((w) => pageUrl(w, dynamicIds)).find((u): u is string => Boolean(u));
        if (!built || !url) {
          failures.push(`${a.key}: not in this build's server-reference manifest (or no page to post it to)`);
          continue;
        }
        const post = (extra: Record<string, string>, label: string) => {
          calls++;
          return probe(ctx.workDir, `action-${a.name}-${label}`, `${stack.baseUrl}${url}`, {
            method: 'POST',
            body: JSON.stringify(exp.args()),
            headers: {
              'next-action': built.id,
              'content-type': 'text/plain;charset=UTF-8',
              accept: 'text/x-component',
              origin: stack.baseUrl,
              ...extra,
            },
          });
        };
        const cells: string[] = [];
        for (const role of [...roles, 'anonymous'] as const) {
          const res = await post(who(role), role);
          const result = actionResult(res.text);
          const allowed = role !== 'anonymous' && can(role, exp.permission);
          const refused =
            !result?.ok &&
            (result?.error === ROLE_REFUSAL ||
              result?.error === SESSION_REFUSAL ||
              res.status === 403 ||
              (res.status >= 300 && res.status < 400 && (res.headers.get('location') ?? '').includes('/login')));
          const businessAnswer =
            res.status === 200 && result !== null && result.error !== ROLE_REFUSAL && result.error !== SESSION_REFUSAL;
          if (allowed && !businessAnswer)
            failures.push(
              `${a.name} as ${role}: allowed by ${exp.permission} but answered HTTP ${res.status} ${result ? JSON.stringify(result) : '(no action result)'}`,
            );
          if (!allowed && !refused)
            failures.push(
              `${a.name} as ${role}: must be refused, answered HTTP ${res.status} ${result ? JSON.stringify(result) : '(no action result)'}`,
            );
          cells.push(
            allowed
              ? businessAnswer
                ? 'ran'
                : 'FAIL'
              : refused
                ? res.status === 200
                  ? 'refused'
                  : `refused ${res.status}`
                : 'FAIL',
          );
        }
        // Cross-site: an admin session is not enough when the request comes from another origin.
        // The third claims, with X-Forwarded-Host, that the foreign site is this one: no trusted proxy set it.
        const crossSite = [
          ['origin-null', 'null', {}],
          ['origin-foreign', 'https://evil.example', {}],
          ['origin-forwarded-host', 'https://evil.example', { 'x-forwarded-host': 'evil.example' }],
        ] as const;
        for (const [label, origin, forwarded] of crossSite) {
          const res = await post({ ...who('admin'), origin, ...forwarded }, label);
          const result = actionResult(res.text);
          const ok = res.status === 403 && !result;
          if (!ok)
            failures.push(
              `${a.name} with an admin session and Origin: ${origin}${label === 'origin-forwarded-host' ? ' (X-Forwarded-Host: evil.example)' : ''}: HTTP ${res.status} ${result ? JSON.stringify(result) : ''} (expected 403, action not run)`,
            );
          cells.push(ok ? '403' : `FAIL ${res.status}`);
        }
        actionRows.push([a.name, exp.permission, ...cells]);
      }
      ctx.log(
        `\nServer actions (ran = permission passed, then a business answer; refused = the action's own check):\n${table(['action', 'permission', ...roles, 'anonymous', 'admin, Origin null', 'admin, foreign Origin', 'admin, foreign Origin + X-Forwarded-Host'], actionRows)}`,
      );

      // An action ID this build does not have: refused without running anything.
      const fake = `7f${randomBytes(20).toString('hex')}`;
      calls++;
      const unknown = await probe(ctx.workDir, 'action-unknown-id', `${stack.baseUrl}/`, {
        method: 'POST',
        body: '[]',
        headers: {
          ...who('admin'),
          'next-action': fake,
          'content-type': 'text/plain;charset=UTF-8',
          accept: 'text/x-component',
          origin: stack.baseUrl,
        },
      });
      if (unknown.status < 400 || actionResult(unknown.text))
        failures.push(`an unknown action ID answered HTTP ${unknown.status}`);

      // 2. Route handlers.
      const routeRows: string[][] = [];
      for (const r of sourceRoutes(ctx.root)) {
        const exps = routeExpectations[r.route];
        if (!exps) {
          failures.push(`route handler ${r.file} has no expectation in reliability/lib/role-expectations.ts`);
          continue;
        }
        const declared = [...new Set(exps.flatMap((e) => e.methods))].sort().join(',');
        if (declared !== r.methods.join(','))
          failures.push(`${r.file} exports ${r.methods.join(',')}, expectations cover ${declared}`);
        for (const e of exps)
          for (const p of e.probes) {
            const cells: string[] = [];
            for (const role of [...roles, 'anonymous'] as const) {
              calls++;
              const res = await (p.stream ? probeStream : probe)(
                ctx.workDir,
                `route-${p.path}-${role}`,
                `${stack.baseUrl}${p.path}`,
                { method: p.method, body: p.body, headers: { ...who(role), ...p.headers } },
              );
              const expected =
                e.auth === 'public'
                  ? [200, 503]
                  : e.auth === 'signature'
                    ? [401]
                    : e.auth === 'absent'
                      ? [404]
                      : role === 'anonymous'
                        ? [401]
                        : can(role, e.auth.permission as Permission)
                          ? [200]
                          : [403];
              if (!expected.includes(res.status))
                failures.push(
                  `${p.method} ${p.path} as ${role}: HTTP ${res.status}, expected ${expected.join(' or ')}`,
                );
              // A stream a role may open carries exactly the topics that role may view, and is not compressed.
              if (p.stream && role !== 'anonymous' && res.status === 200) {
                const ready = /event: ready\ndata: (.+)/.exec(res.text)?.[1];
                const topics = ready
                  ? (JSON.parse(ready) as { topics: string[] }).topics.join(',')
                  : '(no ready event)';
                if (topics !== topicsFor(role).join(','))
                  failures.push(
                    `${p.path} as ${role}: carries topics ${topics}, expected ${topicsFor(role).join(',')}`,
                  );
                if (
                  !res.headers.get('content-type')?.startsWith('text/event-stream') ||
                  res.headers.has('content-encoding')
                )
                  failures.push(
                    `${p.path} as ${role}: answered ${res.headers.get('content-type')} ${res.headers.get('content-encoding') ?? ''}`,
                  );
              }
              cells.push(String(res.status));
            }
            routeRows.push([
              `${p.method} ${p.path}`,
              typeof e.auth === 'string' ? e.auth : e.auth.permission,
              ...cells,
            ]);
          }
      }
      ctx.log(`\nRoute handlers (HTTP status):\n${table(['request', 'needs', ...roles, 'anonymous'], routeRows)}`);

      // 3. Console pages: the permission each page's requirePermission() names.
      const pageRows: string[][] = [];
      for (const pg of sourcePages(ctx.root)) {
        const url = pageUrl(pg.worker, dynamicIds);
        if (!pg.permission || !isPermission(pg.permission) || !url) {
          failures.push(`${pg.file}: no requirePermission() with a known permission`);
          continue;
        }
        const cells: string[] = [];
        for (const role of [...roles, 'anonymous'] as const) {
          calls++;
          const res = await probe(ctx.workDir, `page-${url}-${role}`, `${stack.baseUrl}${url}`, { headers: who(role) });
          const toLogin =
            res.status >= 300 && res.status < 400 && (res.headers.get('location') ?? '').includes('/login');
          const good =
            role === 'anonymous'
              ? toLogin
              : can(role, pg.permission)
                ? res.status === 200 || (res.status >= 300 && res.status < 400 && !toLogin)
                : res.status === 403;
          if (!good)
            failures.push(
              `GET ${url} as ${role}: HTTP ${res.status} ${res.headers.get('location') ?? ''} (needs ${pg.permission})`,
            );
          cells.push(String(res.status));
        }
        pageRows.push([url, pg.permission, ...cells]);
      }
      ctx.log(`\nConsole pages (HTTP status):\n${table(['page', 'needs', ...roles, 'anonymous'], pageRows)}`);

      const auditAfter = (await one<{ n: string }>(db, `select count(*) as n from audit_log`)).n;
      if (auditAfter !== auditBefore)
        failures.push(`the audit log grew from ${auditBefore} to ${auditAfter}: some call changed something`);
      return {
        figures: [
          {
            label: 'server actions (from the source) × 5 callers + 3 cross-origin',
            value: `${actionRows.length} actions`,
          },
          { label: 'route handler probes × 5 callers', value: String(routeRows.length) },
          { label: 'console pages × 5 callers', value: String(pageRows.length) },
          { label: 'requests', value: String(calls) },
          { label: 'audit rows written by the whole matrix', value: String(Number(auditAfter) - Number(auditBefore)) },
          { label: 'run time', value: seconds(performance.now() - t0) },
        ],
        failures,
      };
    } finally {
      await db.end();
    }
  },
} satisfies Scenario;

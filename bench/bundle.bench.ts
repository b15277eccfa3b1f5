// Item 6 of issue #6: first-load JavaScript per console route, compressed, from the production build.
// Next.js 16 no longer prints sizes after `next build`, so the benchmark reads the build's own manifests:
// the root main files every page loads (.next/build-manifest.json) plus the entry chunks of every segment of
// the route — layouts, error and not-found boundaries, the page (its client reference manifest in
// .next/server/app) — and adds any chunk the served HTML or its flight data references on top.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { gzipSync } from 'node:zlib';
import type { BenchModule, BenchResult } from './lib/types';

const BUDGET_KB = 250;

type RouteChunks = { route: string; files: Set<string> };

function manifests(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...manifests(p));
    else if (e.name.endsWith('_client-reference-manifest.js')) out.push(p);
  }
  return out;
}

/** `/(console)/documents/[id]/page` → `/documents/[id]`; null for what is not a console or sign-in page. */
function routeOf(key: string): string | null {
  if (!key.endsWith('/page') || key.includes('/_global-error') || key.includes('/_not-found')) return null;
  const route = key.slice(0, -'/page'.length).replace(/\/\([^)]+\)/g, '');
  return route === '' ? '/' : route;
}

/** The JS chunks each page loads first, per the build's manifests. */
function fromManifests(next: string): { routes: RouteChunks[]; polyfills: Set<string> } {
  const build = JSON.parse(readFileSync(path.join(next, 'build-manifest.json'), 'utf8')) as {
    rootMainFiles: string[];
    polyfillFiles?: string[];
  };
  const routes: RouteChunks[] = [];
  for (const file of manifests(path.join(next, 'server', 'app'))) {
    const sandbox: {
      globalThis?: unknown;
      __RSC_MANIFEST?: Record<string, { entryJSFiles?: Record<string, string[]> }>;
    } = {};
    sandbox.globalThis = sandbox;
    vm.runInNewContext(readFileSync(file, 'utf8'), sandbox);
    for (const [key, m] of Object.entries(sandbox.__RSC_MANIFEST ?? {})) {
      const route = routeOf(key);
      if (!route) continue;
      const files = new Set(build.rootMainFiles.filter((f) => f.endsWith('.js')));
      for (const list of Object.values(m.entryJSFiles ?? {})) for (const f of list) if (f.endsWith('.js')) files.add(f);
      routes.push({ route, files });
    }
  }
  return {
    routes: routes.sort((a, b) => a.route.localeCompare(b.route)),
    polyfills: new Set(build.polyfillFiles ?? []),
  };
}

/** Chunks a served page references: its <script src> tags and the chunk lists in its flight data. */
function referencedChunks(html: string): string[] {
  const found = new Set<string>();
  for (const m of html.matchAll(/static\/chunks\/[\w./-]+?\.js/g)) found.add(m[0]);
  return [...found];
}

const gzipSizes = new Map<string, number>();
function gzipped(next: string, file: string): number {
  let size = gzipSizes.get(file);
  if (size === undefined) {
    size = gzipSync(readFileSync(path.join(next, file)), { level: 9 }).length;
    gzipSizes.set(file, size);
  }
  return size;
}

/** A real ID for routes with a parameter, so their served HTML can be checked too. */
async function concreteUrl(route: string, query: (sql: string) => Promise<string | undefined>): Promise<string | null> {
  if (!route.includes('[')) return route === '/review/next' ? null : route;
  const table: Record<string, string> = {
    '/documents/[id]': `select id::text as id from documents order by created_at desc limit 1`,
    '/review/[id]': `select id::text as id from documents where pipeline_state = 'in_review' order by created_at limit 1`,
    '/transactions/[id]': `select id::text as id from transactions order by created_at desc limit 1`,
    '/webhooks/[id]': `select id::text as id from webhook_deliveries order by received_at desc limit 1`,
  };
  const sql = table[route];
  const id = sql ? await query(sql) : undefined;
  return id ? route.replace(/\[[^\]]+\]/, id) : null;
}

const bundle: BenchModule = {
  name: 'bundle',
  title: 'First-load JavaScript per console route',
  order: 10,
  method: `From the production build: for each page, the root main files every page loads (\`.next/build-manifest.json\`, \`rootMainFiles\`) plus the entry chunks of each segment on its path — root and console layouts, error and not-found boundaries, the page — from its client reference manifest (\`.next/server/app/**/page_client-reference-manifest.js\`, \`entryJSFiles\`). The benchmark then loads the page from the running console (the admin's session) and adds any chunk its HTML or flight data references that the manifests did not list. Each chunk is compressed with zlib gzip at level 9 and the sizes summed (1 kB = 1,000 bytes). Chunks loaded only later by \`next/dynamic\` imports are not first-load JavaScript; the legacy-browser polyfill file (\`noModule\`) is not counted. Sizes do not vary between runs; they are computed ${3} times for the harness's format. Budget: ≤ ${BUDGET_KB} kB per route (docs/budgets.md).`,
  async run(ctx) {
    const next = path.join(ctx.root, '.next');
    const { routes, polyfills } = fromManifests(next);
    if (routes.length === 0)
      throw new Error('no client reference manifests under .next/server/app: is there a production build?');
    const stack = await ctx.stack();
    const notes: string[] = [];
    const query = async (sql: string) => (await ctx.pool.query<{ id: string }>(sql)).rows[0]?.id;
    for (const r of routes) {
      const url = await concreteUrl(r.route, query);
      if (!url) {
        notes.push(
          `\`${r.route}\`: no served page checked (it redirects or the data has no such item); manifest chunks only.`,
        );
        continue;
      }
      const res = await fetch(`${stack.baseUrl}${url}`, { headers: { cookie: stack.adminCookie }, redirect: 'manual' });
      const html = await res.text();
      if (res.status !== 200) {
        notes.push(`\`${url}\` answered HTTP ${res.status}; manifest chunks only.`);
        continue;
      }
      const extra = referencedChunks(html).filter((f) => !r.files.has(f) && !polyfills.has(f));
      for (const f of extra) r.files.add(f);
      if (extra.length)
        notes.push(
          `\`${r.route}\`: ${extra.length} chunk(s) referenced by the served page beyond the manifests, counted.`,
        );
    }
    const results: BenchResult[] = routes.map((r) => {
      const runs: number[] = [];
      for (let i = 0; i < ctx.runs; i++) {
        gzipSizes.clear();
        let bytes = 0;
        for (const f of r.files) bytes += gzipped(next, f);
        runs.push(Math.round(bytes / 100) / 10);
      }
      return {
        id: `bundle.${r.route}`,
        label: `\`${r.route}\` (${r.files.size} chunks)`,
        unit: 'kB',
        budget: { op: '<=', value: BUDGET_KB },
        runs,
      };
    });
    const shared = [...routes.map((r) => r.files).reduce((acc, s) => new Set([...acc].filter((f) => s.has(f))))];
    notes.unshift(
      `Shared by every page: ${shared.length} chunks, ${(shared.reduce((s, f) => s + gzipped(next, f), 0) / 1000).toFixed(1)} kB gzipped.`,
    );
    return { results, notes };
  },
};

export default bundle;

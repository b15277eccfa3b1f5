// Server actions and route handlers, enumerated from the source (so a new one cannot be forgotten) and
// invoked over HTTP exactly as the browser does: a POST to a page that uses the action, with the
// `Next-Action` header carrying the action ID of this build and the arguments as a JSON array.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

export type SourceAction = { file: string; name: string; key: string; permission: string | null };

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    if (f === 'node_modules' || f.startsWith('.')) return [];
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

/** Every export of every `'use server'` module under app/, lib/ and components/, with the permission its runAction names. */
export function sourceActions(root: string): SourceAction[] {
  const files = ['app', 'lib', 'components']
    .flatMap((d) => walk(path.join(root, d)))
    .filter((f) => /\.(ts|tsx)$/.test(f) && !f.endsWith('.test.ts'));
  const out: SourceAction[] = [];
  for (const f of files) {
    const text = readFileSync(f, 'utf8');
    if (!/^\s*['"]use server['"]/m.test(text)) continue;
    const file = path.relative(root, f);
    // A function-level 'use server' (inline action) would escape the export list below: refuse to guess.
    if (!/^['"]use server['"];?\s*$/m.test(text.split('\n').find((l) => l.trim() !== '') ?? ''))
      throw new Error(`${file}: 'use server' inside a function; list its actions by hand`);
    const exports = [...text.matchAll(/export\s+(?:async\s+)?(?:function\s+(\w+)|const\s+(\w+))/g)];
    for (const m of exports) {
      const name = (m[1] ?? m[2])!;
      const body = text.slice(m.index);
      const permission = /runAction\(\s*'([\w:]+)'/.exec(body.slice(0, body.indexOf('\n}') + 2))?.[1] ?? null;
      out.push({ file, name, key: `${file}#${name}`, permission });
    }
  }
  return out;
}

type Manifest = {
  node: Record<string, { workers: Record<string, unknown>; filename?: string; exportedName?: string }>;
  encryptionKey?: string;
};

export function readManifest(root: string): Manifest {
  return JSON.parse(
    readFileSync(path.join(root, '.next', 'server', 'server-reference-manifest.json'), 'utf8'),
  ) as Manifest;
}

/** The build's action ID and the page routes (app/… paths) that import it. */
export function actionIds(manifest: Manifest): Map<string, { id: string; pages: string[] }> {
  const map = new Map<string, { id: string; pages: string[] }>();
  for (const [id, entry] of Object.entries(manifest.node)) {
    if (!entry.filename || !entry.exportedName) continue;
    map.set(`${entry.filename}#${entry.exportedName}`, {
      id,
      pages: Object.keys(entry.workers).filter((w) => w.endsWith('/page')),
    });
  }
  return map;
}

/** `app/(console)/documents/[id]/page` → `/documents/<id>` with a real ID for each dynamic segment. */
export function pageUrl(worker: string, ids: Record<string, string>): string | null {
  const parts = worker
    .replace(/^app\//, '')
    .replace(/\/?page$/, '')
    .split('/')
    .filter((p) => p && !/^\(.*\)$/.test(p));
  const out: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    if (p.startsWith('[')) {
      const id = ids[parts[i - 1] ?? ''];
      if (!id) return null;
      out.push(id);
    } else out.push(p);
  }
  return `/${out.join('/')}`;
}

/** The typed result an action returned, read from the RSC answer; null when the action did not answer. */
export function actionResult(text: string): { ok: boolean; error?: string } | null {
  const m = /"ok":(true|false)(?:,"data":[^\n]*?)?(?:,"error":"((?:[^"\\]|\\.)*)")?/.exec(text);
  if (!m) return null;
  return { ok: m[1] === 'true', error: m[2] === undefined ? undefined : (JSON.parse(`"${m[2]}"`) as string) };
}

/** Route handlers: app/api/**\/route.ts and the HTTP methods each exports. */
export function sourceRoutes(root: string): { file: string; route: string; methods: string[] }[] {
  return walk(path.join(root, 'app', 'api'))
    .filter((f) => f.endsWith('route.ts'))
    .map((f) => {
      const text = readFileSync(f, 'utf8');
      const methods = new Set<string>();
      for (const m of text.matchAll(/export\s+(?:async\s+)?function\s+(GET|POST|PUT|PATCH|DELETE)\b/g))
        methods.add(m[1]!);
      for (const m of text.matchAll(/export\s*\{([^}]*)\}/g))
        for (const n of m[1]!.matchAll(/as\s+(GET|POST|PUT|PATCH|DELETE)\b/g)) methods.add(n[1]!);
      const file = path.relative(root, f);
      return { file, route: `/${path.dirname(file).replace(/^app\//, '')}`, methods: [...methods].sort() };
    });
}

/** Console pages and the permission each page's requirePermission() names. */
export function sourcePages(root: string): { file: string; worker: string; permission: string | null }[] {
  return walk(path.join(root, 'app'))
    .filter((f) => f.endsWith('page.tsx') && f.includes('(console)'))
    .map((f) => {
      const file = path.relative(root, f);
      return {
        file,
        worker: file.replace(/\.tsx$/, ''),
        permission: /requirePermission\('([\w:]+)'\)/.exec(readFileSync(f, 'utf8'))?.[1] ?? null,
      };
    });
}

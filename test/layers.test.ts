import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/**
 * The layer rule of `npm run lint` (eslint.config.mjs, docs/architecture.md): an import that points the wrong way
 * fails the lint. Each case lints one import as if it were written in a file of that layer.
 */
const eslint = new ESLint({ cwd: process.cwd() });

async function layerErrors(filePath: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId?.startsWith('boundaries/'))
    .map((m) => `${m.ruleId}: ${m.message}`);
}

const refused: [string, string, string][] = [
  ['a query imports a screen', 'db/queries/probe.ts', "import { hrefOf } from '@/app/(console)/search/href';"],
  [
    'a query imports the domain',
    'db/queries/probe.ts',
    "import { transitionDocument } from '@/lib/pipeline/transition';",
  ],
  ['the schema imports a query', 'db/schema/probe.ts', "import { listDocuments } from '@/db/queries/documents';"],
  ['a provider client imports the database', 'lib/exdata/probe.ts', "import { documents } from '@/db/schema';"],
  [
    'a provider client imports the domain',
    'lib/goroute/probe.ts',
    "import { recordAudit } from '@/lib/pipeline/audit-trail';",
  ],
  ['the queue plumbing imports the database', 'lib/jobs/probe.ts', "import { db } from '@/db/client';"],
  ['a rule imports a query', 'lib/rules/probe.ts', "import { listDocuments } from '@/db/queries/documents';"],
  ['the domain imports the worker', 'lib/operations/probe.ts', "import { startWorker } from '@/worker/worker';"],
  ['the domain imports a screen', 'lib/review/probe.ts', "import { hrefOf } from '@/app/(console)/search/href';"],
  ['a screen imports the worker', 'app/(console)/probe.ts', "import { startWorker } from '@/worker/worker';"],
  ['the sandbox imports the app', 'sandbox/probe.ts', "import { normalizeParticipantId } from '@/lib/identifiers';"],
  ['the sandbox imports the seed', 'sandbox/probe.ts', "import { seedDemoData } from '@/demo/seed/demo-data';"],
  ['the demo world imports the database', 'demo/world/probe.ts', "import { documents } from '@/db/schema';"],
  [
    'a foundation helper imports the domain',
    'lib/probe.ts',
    "import { recordAudit } from '@/lib/pipeline/audit-trail';",
  ],
];

describe('layers (npm run lint)', () => {
  it.each(refused)('refuses when %s', async (_what, file, source) => {
    const errors = await layerErrors(file, source);
    expect(errors.some((e) => e.startsWith('boundaries/dependencies: ') && e.includes('layers point one way'))).toBe(
      true,
    );
  });

  it('refuses a file in a folder that belongs to no layer', async () => {
    expect(await layerErrors('newlayer/probe.ts', 'export const probe = 1;')).toContain(
      'boundaries/no-unknown-files: File does not match any file pattern and does not belong to any known element',
    );
  });

  it.each([
    ['a screen imports a query', 'app/(console)/probe.ts', "import { listDocuments } from '@/db/queries/documents';"],
    [
      'the domain imports a rule and a query',
      'lib/operations/probe.ts',
      "import { can } from '@/lib/rules/permissions';\nimport { listDocuments } from '@/db/queries/documents';",
    ],
    ['a query imports a rule', 'db/queries/probe.ts', "import { bulkRetryableSql } from '@/lib/rules/sends';"],
    ['the worker imports the domain', 'worker/probe.ts', "import { recordAudit } from '@/lib/pipeline/audit-trail';"],
    [
      'the sandbox imports the demo world',
      'sandbox/probe.ts',
      "import { buildCompanies } from '@/demo/world/companies';",
    ],
    [
      'the seed imports the demo world and the schema',
      'demo/seed/probe.ts',
      "import { buildCompanies } from '@/demo/world/companies';\nimport { documents } from '@/db/schema';",
    ],
  ])('allows it when %s', async (_what, file, source) => {
    expect(await layerErrors(file, source)).toEqual([]);
  });
});

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, isNotNull, sql } from 'drizzle-orm';
import { checklistAttestations, documents, transactions, webhookDeliveries } from '@/db/schema';
import { seedDemoData } from '@/demo/seed/demo-data';
import { parseEnv } from '@/lib/env';
import { demoSessionUsers, freshDatabaseWithQueue, testServers } from '@/test/databases';
import { evaluateChecklist, evaluateChecklistForPage, EVIDENCE_MAX_AGE_MS, summarize } from './evaluate';
import { checklistItems } from './items';
import type { EvaluatedGroup } from './types';

const seed = (name: string) =>
  readFileSync(path.join(__dirname, 'seeds', `${name}-production-checklist.txt`), 'utf8')
    .split('\n')
    .map((l) => l.trim());
const between = (lines: string[], from: string, to?: string) =>
  lines.slice(lines.indexOf(from) + 1, to ? lines.indexOf(to) : undefined);

/** The items as the seeds word them: bullets, error-table rows and go-live paragraphs. */
function exdataSeedItems() {
  const lines = seed('exdata');
  const bullets = lines.filter((l) => l.startsWith('• ')).map((l) => l.slice(2));
  const errors = between(lines, 'ConditionSignalProduction behavior', 'Observability')
    .filter(Boolean)
    .map((l) => l.match(/^(.+?)(\d{3},|status:)/)![1]!);
  const goLive = between(lines, 'Go-live').filter((l) => l && l !== 'Recommended first live run');
  return [...bullets, ...errors, ...goLive];
}

/** "- Title - explanation" before launch; plain "- Title" lists after it; the launch day's numbered steps. */
function gorouteSeedItems() {
  const lines = seed('goroute');
  const pre = between(lines, 'Pre-Launch Checklist', 'Go-Live Checklist').flatMap((l) =>
    [...l.matchAll(/(?:^|\s)- (.+?) - /g)].map((m) => m[1]!),
  );
  const day = between(lines, 'Day of Launch', 'First Week');
  const launch = day.filter((_, i) => i > 0 && (day[i - 1] === '-' || day[i - 1]!.endsWith(' -')));
  const lists = [...between(lines, 'First Week', 'Support Contacts'), ...between(lines, 'Post-Launch')]
    .filter((l) => l.startsWith('- '))
    .map((l) => l.slice(2));
  return [...pre, ...launch, ...lists];
}

const env = parseEnv({
  DATABASE_URL: 'postgres://unused@localhost/unused',
  NEXTAUTH_SECRET: 'x'.repeat(32),
  NEXTAUTH_URL: 'http://localhost:3000',
  GOROUTE_BASE_URL: 'http://127.0.0.1:4010/goroute',
  EXDATA_BASE_URL: 'http://127.0.0.1:4010/exdata',
  GOROUTE_API_KEY_TEST: 'gr_test_key',
  EXDATA_TOKEN_TEST: 'ex_test_token',
  GOROUTE_WEBHOOK_SECRET: 'whsec_goroute',
  EXDATA_WEBHOOK_SECRET: 'whsec_exdata',
});

describe('checklist items', () => {
  it('cover every item of both seeds, once, with unique ids', () => {
    const exdata = exdataSeedItems();
    const goroute = gorouteSeedItems();
    expect(exdata).toHaveLength(22);
    expect(goroute).toHaveLength(70);
    const texts = (p: string) => checklistItems.filter((i) => i.provider === p).map((i) => i.text);
    expect(texts('exdata')).toHaveLength(exdata.length);
    expect(texts('goroute')).toHaveLength(goroute.length);
    for (const s of exdata)
      expect(
        texts('exdata').filter((t) => t.startsWith(s) || t.includes(` ${s}`) || t.startsWith(s.split(' — ')[0]!))
          .length,
        s,
      ).toBe(1);
    for (const s of goroute) expect(texts('goroute').filter((t) => t === s).length, s).toBe(1);
    expect(new Set(checklistItems.map((i) => i.id)).size).toBe(checklistItems.length);
  });
});

describe.each(testServers())('readiness checklist on $name PostgreSQL with the demo data', ({ url }) => {
  let t: Awaited<ReturnType<typeof freshDatabaseWithQueue>>;
  let groups: EvaluatedGroup[];
  const item = (id: string) => groups.flatMap((g) => g.items).find((i) => i.id === id)!;

  beforeAll(async () => {
    t = await freshDatabaseWithQueue(url);
    const users = await demoSessionUsers(t.db);
    await seedDemoData(t.db, {
      actorIds: {
        admin: users.admin.id,
        support: users.support.id,
        finance: users.finance.id,
        manager: users.manager.id,
      },
    });
    await t.db.insert(checklistAttestations).values({
      itemId: 'goroute.dr.failover',
      done: true,
      note: 'Failover to the second region documented',
      attestedBy: users.admin.id,
    });
    groups = await evaluateChecklist(t.db, env);
  });
  afterAll(() => t?.drop());

  it('evaluates every item, in the seeds’ groups, with a status and evidence', () => {
    expect(groups.flatMap((g) => g.items)).toHaveLength(checklistItems.length);
    expect([...new Set(groups.filter((g) => g.provider === 'exdata').map((g) => g.group))]).toEqual([
      'Credentials',
      'Uploads',
      'Webhooks',
      'Errors',
      'Observability',
      'Go-live',
    ]);
    expect(groups.filter((g) => g.provider === 'goroute').map((g) => g.group)).toEqual([
      'API Configuration',
      'Authentication & Security',
      'Participant Registration',
      'Document Validation',
      'Error Handling',
      'Webhooks',
      'Monitoring & Observability',
      'Data & Compliance',
      'Performance & Scalability',
      'Disaster Recovery',
      'Go-Live: Day of Launch',
      'Go-Live: First Week',
      'Post-Launch: Week 1-4',
      'Post-Launch: Ongoing',
    ]);
    for (const i of groups.flatMap((g) => g.items)) {
      expect(['pass', 'warn', 'fail', 'manual']).toContain(i.status);
      expect(i.evidence.length, i.id).toBeGreaterThan(10);
    }
    const s = summarize(groups, 'goroute');
    expect(s.pass + s.warn + s.fail + s.manual).toBe(70);
  });

  it('proves signature validation and duplicate suppression from the stored deliveries', () => {
    for (const id of ['exdata.webhooks.signature', 'goroute.webhooks.signature'])
      expect(item(id).status, item(id).evidence).toBe('pass');
    expect(item('exdata.webhooks.signature').evidence).toMatch(/rejected with 401 .*none processed/);
    expect(item('exdata.webhooks.duplicates')).toMatchObject({
      status: 'pass',
      link: '/webhooks?provider=exdata&result=duplicate_effect',
    });
    expect(item('exdata.webhooks.duplicates').evidence).toMatch(/[1-9]\d* replays? with a new ID suppressed/);
    expect(item('goroute.webhooks.idempotency').status).toBe('pass');
  });

  it('counts the dead-letter queue and links to it', async () => {
    const [row] = await t.db
      .select({ n: sql<number>`count(*)::int` })
      .from(transactions)
      .where(and(eq(transactions.status, 'failed'), isNotNull(transactions.deadLetteredAt)));
    expect(row!.n).toBeGreaterThan(0);
    expect(item('goroute.errors.dead_letter')).toMatchObject({ status: 'pass', link: '/failures?kind=dead_letter' });
    expect(item('goroute.errors.dead_letter').evidence).toContain(`${row!.n} sends in the dead-letter queue`);
  });

  it('in test mode, warns on the first live document and links the newest one that went all the way', async () => {
    for (const id of ['exdata.go_live.first_live_document', 'goroute.launch.test_invoice']) {
      const i = item(id);
      expect(i.status).toBe('warn');
      const documentId = i.link!.match(/^\/documents\/([0-9a-f-]{36})$/)![1]!;
      const [doc] = await t.db.select().from(documents).where(eq(documents.id, documentId));
      const [txn] = await t.db
        .select()
        .from(transactions)
        .where(and(eq(transactions.documentId, documentId), eq(transactions.status, 'delivered')));
      const [hooks] = await t.db
        .select({ n: sql<number>`count(*)::int` })
        .from(webhookDeliveries)
        .where(sql`${webhookDeliveries.documentId} = ${documentId} or ${webhookDeliveries.transactionId} = ${txn!.id}`);
      expect(doc!.pipelineState).toBe('delivered');
      expect(i.evidence).toContain(`exdata ID ${doc!.exdataDocumentId}`);
      expect(i.evidence).toContain(`GoRoute transaction ${txn!.gorouteTransactionId}`);
      expect(i.evidence).toContain(`${hooks!.n} webhook deliver`);
    }
  });

  it('shows a ticked manual item as passed with who, when and why; the rest as manual', () => {
    expect(item('goroute.dr.failover').status).toBe('pass');
    expect(item('goroute.dr.failover').evidence).toMatch(
      /^Ticked by Ada Admin on \d.+ UTC: Failover to the second region documented$/,
    );
    expect(item('goroute.dr.backup_tested').status).toBe('manual');
  });

  it('judges keys honestly: sandbox credentials in test mode are not production-ready', () => {
    expect(item('goroute.api.key_storage').status).toBe('warn');
    expect(item('goroute.api.base_url').status).toBe('warn');
    expect(item('exdata.credentials.env_separation').status).toBe('pass');
  });

  it('in live mode, passes only once a document extracted in live mode went all the way', async () => {
    const liveEnv = {
      ...env,
      EXDATA_MODE: 'live' as const,
      EXDATA_TOKEN_LIVE: 'ex_live_token',
      GOROUTE_MODE: 'live' as const,
      GOROUTE_API_KEY_LIVE: 'gr_live_key',
    };
    const first = (gs: EvaluatedGroup[]) =>
      gs.flatMap((g) => g.items).find((i) => i.id === 'exdata.go_live.first_live_document')!;
    expect(first(await evaluateChecklist(t.db, liveEnv)).status).toBe('warn');
    const documentId = item('exdata.go_live.first_live_document').link!.split('/').pop()!;
    await t.db.execute(sql`update webhook_deliveries set body = jsonb_set(body::jsonb, '{data,mode}', '"live"')::text
      where document_id = ${documentId} and provider = 'exdata' and processing_result = 'processed'`);
    const live = first(await evaluateChecklist(t.db, liveEnv));
    expect(live).toMatchObject({ status: 'pass', link: `/documents/${documentId}` });
    expect(live.evidence).toMatch(/^Live document went all the way/);
  });

  it('fails signature validation once an unsigned delivery was processed', async () => {
    await t.db
      .insert(webhookDeliveries)
      .values({ provider: 'goroute', headers: {}, signatureResult: 'missing', processingResult: 'processed' });
    const again = (await evaluateChecklist(t.db, env))
      .flatMap((g) => g.items)
      .find((i) => i.id === 'goroute.webhooks.signature')!;
    expect(again.status).toBe('fail');
  });

  it('the page reuses one reading of the evidence for a while, but shows a new attestation at once', async () => {
    const t0 = new Date();
    const first = await evaluateChecklistForPage(t.db, env, t0);
    // A manual item nobody has ticked yet.
    const open = first.groups.flatMap((x) => x.items).find((i) => i.manual && i.status === 'manual')!;
    const runbooks = (g: EvaluatedGroup[]) => g.flatMap((x) => x.items).find((i) => i.id === open.id)!;
    await t.db.insert(checklistAttestations).values({
      itemId: open.id,
      done: true,
      note: 'Done and written down',
      attestedBy: (await demoSessionUsers(t.db)).admin!.id,
    });
    const soon = await evaluateChecklistForPage(t.db, env, new Date(t0.getTime() + 1_000));
    expect(soon.readAt).toEqual(first.readAt);
    expect(runbooks(soon.groups).status).toBe('pass');
    const later = await evaluateChecklistForPage(t.db, env, new Date(t0.getTime() + EVIDENCE_MAX_AGE_MS + 1));
    expect(later.readAt.getTime()).toBe(t0.getTime() + EVIDENCE_MAX_AGE_MS + 1);
  });
});

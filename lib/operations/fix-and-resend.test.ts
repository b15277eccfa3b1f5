import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, asc, eq } from 'drizzle-orm';
import { auditLog, documents, extractedFields, timelineEvents, transactions } from '@/db/schema';
import { ForbiddenError } from '@/lib/auth/assert';
import type { SessionUser } from '@/lib/auth/credentials';
import { createGoRouteClient, type GoRouteClient } from '@/lib/goroute';
import { GOROUTE_KEY, startTestSandbox, type TestSandbox } from '@/sandbox/test-support';
import { demoSessionUsers, freshDatabaseWithQueue, testServers } from '@/test/databases';
import { fixAndResend } from './fix-and-resend';

describe.each(testServers())('fix and resend on $name PostgreSQL, validated by the GoRoute sandbox', ({ url }) => {
  let t: Awaited<ReturnType<typeof freshDatabaseWithQueue>>;
  let sandbox: TestSandbox;
  let goroute: GoRouteClient;
  const as: Record<string, SessionUser> = {};
  const deps = (client: GoRouteClient | null = goroute) => ({ pool: t.pool, boss: t.boss, goroute: client });

  async function deadLettered() {
    const n = randomUUID().slice(0, 8);
    const [doc] = await t.db
      .insert(documents)
      .values({
        sourceId: `SRC-F-${n}`,
        uploadIdempotencyKey: `upload:f:${n}`,
        filename: 'f.pdf',
        fileFormat: 'pdf',
        fileSize: 1,
        pipelineState: 'dead_letter',
      })
      .returning();
    const f = (name: string, value: string | null, extra: object = {}) => ({
      documentId: doc!.id,
      name,
      value,
      category: 'other' as const,
      ...extra,
    });
    await t.db
      .insert(extractedFields)
      .values([
        f('document_number', `INV-${n}`),
        f('issue_date', '2026-11-01'),
        f('currency', 'EUR'),
        f('gross_amount', '1210.00'),
        f('sender_name', 'Supplier NV'),
        f('sender_peppol_id', '0208:0123456749'),
        f('recipient_name', 'Invoice Hub BV'),
        f('recipient_peppol_id', '0208:0486596540'),
        f('tax_breakdowns', null, { valueJson: [{ taxable_amount: '1000.00', tax_amount: '210.00', tax_rate: '21' }] }),
      ]);
    await t.db.insert(transactions).values({
      direction: 'outbound',
      documentId: doc!.id,
      status: 'failed',
      sendIdempotencyKey: `send:SRC-F-${n}`,
      lastErrorCode: 'PARTICIPANT_NOT_FOUND',
      lastErrorCategory: 'not_found',
      lastErrorRetryable: false,
      deadLetteredAt: new Date(),
    });
    return doc!;
  }
  const sendsOf = (id: string) =>
    t.db.select().from(transactions).where(eq(transactions.documentId, id)).orderBy(asc(transactions.createdAt));
  const fieldOf = async (id: string, name: string) =>
    (
      await t.db
        .select()
        .from(extractedFields)
        .where(and(eq(extractedFields.documentId, id), eq(extractedFields.name, name)))
    )[0];

  beforeAll(async () => {
    t = await freshDatabaseWithQueue(url);
    Object.assign(as, await demoSessionUsers(t.db));
    sandbox = await startTestSandbox();
    goroute = createGoRouteClient({ baseUrl: `${sandbox.sandbox.url}/goroute`, apiKey: GOROUTE_KEY });
  });
  afterAll(async () => {
    await goroute?.close();
    await sandbox?.close();
    await t?.drop();
  });

  it('refuses managers and invalid values', async () => {
    const doc = await deadLettered();
    await expect(fixAndResend(deps(), as.manager!, { documentId: doc.id, values: {} })).rejects.toThrow(ForbiddenError);
    expect(
      await fixAndResend(deps(), as.support!, { documentId: doc.id, values: { recipient_peppol_id: '0208:12' } }),
    ).toMatchObject({ ok: false, fieldErrors: { recipient_peppol_id: [expect.any(String)] } });
    expect(
      await fixAndResend(deps(), as.support!, {
        documentId: doc.id,
        values: { sender_iban: 'BE68539007547034', upload_key: 'x' },
      }),
    ).toMatchObject({ ok: false, fieldErrors: { upload_key: ['This field cannot be changed here'] } });
    const typed = await fixAndResend(deps(), as.support!, {
      documentId: doc.id,
      values: {
        sender_name: 'Supplier\u0000 NV',
        recipient_name: 'Invoice \u202EVB buH',
        document_number: 'x'.repeat(10_000),
      },
    });
    expect(typed).toMatchObject({
      ok: false,
      fieldErrors: {
        sender_name: [expect.stringMatching(/control characters/)],
        recipient_name: [expect.stringMatching(/direction-control/)],
        document_number: ['At most 500 characters'],
      },
    });
    expect(await sendsOf(doc.id)).toHaveLength(1);
  });

  it('has GoRoute validate the correction, then records it and queues a new send with its own key and rebuilt UBL', async () => {
    const doc = await deadLettered();
    const result = await fixAndResend(deps(), as.finance!, {
      documentId: doc.id,
      values: { recipient_peppol_id: '0208:0790123495' },
    });
    expect(result).toEqual({
      ok: true,
      validated: true,
      message: expect.stringMatching(/^Validated by GoRoute and queued for sending/),
    });
    const sends = await sendsOf(doc.id);
    expect(sends).toHaveLength(2);
    expect(sends[1]).toMatchObject({
      status: 'queued',
      sendIdempotencyKey: `${sends[0]!.sendIdempotencyKey}:r1`,
      receiverIdentifier: '0208:0790123495',
    });
    expect(sends[1]!.ublXml).toContain('0790123495');
    const [audit] = await t.db.select().from(auditLog).where(eq(auditLog.targetId, doc.id));
    expect(audit).toMatchObject({
      action: 'transaction.resend',
      before: { recipient_peppol_id: '0208:0486596540' },
      after: { recipient_peppol_id: '0208:0790123495' },
      note: 'validated by GoRoute before queueing',
    });
    // While that send is on its way, a second fix is refused.
    expect(await fixAndResend(deps(), as.finance!, { documentId: doc.id, values: {} })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/already on its way/),
    });
  });

  it('says so when revalidation fails: the rules on their fields, nothing saved, nothing sent', async () => {
    const doc = await deadLettered();
    // A gross amount that no longer matches the VAT breakdown (1000.00 + 210.00) breaks BR-CO-15.
    const result = await fixAndResend(deps(), as.support!, {
      documentId: doc.id,
      values: { gross_amount: '999.00', recipient_peppol_id: '0208:0790123495' },
    });
    expect(result).toMatchObject({
      ok: false,
      error: expect.stringMatching(/validation still fails.*Nothing was saved or sent/),
      fieldErrors: { gross_amount: [expect.stringMatching(/^BR-CO-15: /)] },
      issues: expect.arrayContaining([
        expect.objectContaining({
          rule: 'BR-CO-15',
          location: expect.stringContaining('/Invoice'),
          field: 'gross_amount',
        }),
      ]),
    });
    expect(await sendsOf(doc.id)).toHaveLength(1);
    expect(await fieldOf(doc.id, 'gross_amount')).toMatchObject({ value: '1210.00', approvedValue: null });
    expect(await fieldOf(doc.id, 'recipient_peppol_id')).toMatchObject({ approvedValue: null });
    expect(await t.db.select().from(auditLog).where(eq(auditLog.targetId, doc.id))).toHaveLength(0);
    const events = await t.db.select().from(timelineEvents).where(eq(timelineEvents.documentId, doc.id));
    expect(events.map((e) => e.title)).toContain('Fix not sent: GoRoute validation still fails (BR-CO-15)');
  });

  it('queues the correction when GoRoute cannot be asked, and says it was not validated', async () => {
    await sandbox.control('/faults', { provider: 'goroute', path: '/api/v1/validate', status: 503, times: 1 });
    const doc = await deadLettered();
    const down = await fixAndResend(deps(), as.support!, {
      documentId: doc.id,
      values: { recipient_peppol_id: '0208:0790123495' },
    });
    expect(down).toEqual({
      ok: true,
      validated: false,
      message: expect.stringMatching(
        /^GoRoute could not be reached to validate it \(.*\): your correction is saved and the invoice is queued.*validated before it is sent/,
      ),
    });
    expect((await sendsOf(doc.id))[1]).toMatchObject({ status: 'queued' });
    const [audit] = await t.db.select().from(auditLog).where(eq(auditLog.targetId, doc.id));
    expect(audit!.note).toMatch(/could not be reached/);

    const other = await deadLettered();
    expect(
      await fixAndResend(deps(null), as.support!, {
        documentId: other.id,
        values: { recipient_peppol_id: '0208:0790123495' },
      }),
    ).toMatchObject({ ok: true, validated: false, message: expect.stringMatching(/^GoRoute is not configured here/) });
  });

  it('lets one of two simultaneous fixes through', async () => {
    const doc = await deadLettered();
    const results = await Promise.all([
      fixAndResend(deps(), as.support!, { documentId: doc.id, values: { recipient_peppol_id: '0208:0790123495' } }),
      fixAndResend(deps(), as.admin!, { documentId: doc.id, values: { recipient_name: 'Invoice Hub' } }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toMatchObject({ error: expect.stringMatching(/already on its way/) });
    expect(await sendsOf(doc.id)).toHaveLength(2);
  });
});

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import { auditLog, documents, extractedFields, transactions } from '@/db/schema';
import { ForbiddenError } from '@/lib/auth/assert';
import type { SessionUser } from '@/lib/auth/credentials';
import { demoSessionUsers, freshDatabaseWithQueue, testServers } from '@/test/databases';
import { fixAndResend } from './fix-and-resend';

describe.each(testServers())('fix and resend on $name PostgreSQL', ({ url }) => {
  let t: Awaited<ReturnType<typeof freshDatabaseWithQueue>>;
  const as: Record<string, SessionUser> = {};
  const deps = () => ({ pool: t.pool, boss: t.boss });

  async function deadLettered() {
    const n = randomUUID().slice(0, 8);
    const [doc] = await t.db.insert(documents).values({ sourceId: `SRC-F-${n}`, uploadIdempotencyKey: `upload:f:${n}`, filename: 'f.pdf', fileFormat: 'pdf', fileSize: 1, pipelineState: 'dead_letter' }).returning();
    const f = (name: string, value: string | null, extra: object = {}) => ({ documentId: doc!.id, name, value, category: 'other' as const, ...extra });
    await t.db.insert(extractedFields).values([
      f('document_number', `INV-${n}`), f('issue_date', '2026-11-01'), f('currency', 'EUR'), f('gross_amount', '1210.00'), f('sender_name', 'Supplier NV'),
      f('sender_peppol_id', '0208:0123456749'), f('recipient_name', 'Invoice Hub BV'), f('recipient_peppol_id', '0208:0486596540'),
      f('tax_breakdowns', null, { valueJson: [{ taxable_amount: '1000.00', tax_amount: '210.00', tax_rate: '21' }] }),
    ]);
    await t.db.insert(transactions).values({ direction: 'outbound', documentId: doc!.id, status: 'failed', sendIdempotencyKey: `send:SRC-F-${n}`, lastErrorCode: 'PARTICIPANT_NOT_FOUND', lastErrorCategory: 'not_found', lastErrorRetryable: false, deadLetteredAt: new Date() });
    return doc!;
  }

  beforeAll(async () => {
    t = await freshDatabaseWithQueue(url);
    Object.assign(as, await demoSessionUsers(t.db));
  });
  afterAll(() => t?.drop());

  it('refuses managers and invalid values', async () => {
    const doc = await deadLettered();
    await expect(fixAndResend(deps(), as.manager!, { documentId: doc.id, values: {} })).rejects.toThrow(ForbiddenError);
    expect(await fixAndResend(deps(), as.support!, { documentId: doc.id, values: { recipient_peppol_id: '0208:12' } })).toMatchObject({ ok: false, fieldErrors: { recipient_peppol_id: [expect.any(String)] } });
    expect(await fixAndResend(deps(), as.support!, { documentId: doc.id, values: { sender_iban: 'BE68539007547034', upload_key: 'x' } })).toMatchObject({ ok: false, fieldErrors: { upload_key: ['This field cannot be changed here'] } });
    const typed = await fixAndResend(deps(), as.support!, { documentId: doc.id, values: { sender_name: 'Supplier\u0000 NV', recipient_name: 'Invoice \u202EVB buH', document_number: 'x'.repeat(10_000) } });
    expect(typed).toMatchObject({
      ok: false,
      fieldErrors: { sender_name: [expect.stringMatching(/control characters/)], recipient_name: [expect.stringMatching(/direction-control/)], document_number: ['At most 500 characters'] },
    });
    expect(await t.db.select().from(transactions).where(eq(transactions.documentId, doc.id))).toHaveLength(1);
  });

  it('records the correction and queues a new send with its own key and rebuilt UBL', async () => {
    const doc = await deadLettered();
    expect(await fixAndResend(deps(), as.finance!, { documentId: doc.id, values: { recipient_peppol_id: '0208:0790123495' } })).toEqual({ ok: true });
    const sends = await t.db.select().from(transactions).where(eq(transactions.documentId, doc.id)).orderBy(asc(transactions.createdAt));
    expect(sends).toHaveLength(2);
    expect(sends[1]).toMatchObject({ status: 'queued', sendIdempotencyKey: `${sends[0]!.sendIdempotencyKey}:r1`, receiverIdentifier: '0208:0790123495' });
    expect(sends[1]!.ublXml).toContain('0790123495');
    const [audit] = await t.db.select().from(auditLog).where(eq(auditLog.targetId, doc.id));
    expect(audit).toMatchObject({ action: 'transaction.resend', before: { recipient_peppol_id: '0208:0486596540' }, after: { recipient_peppol_id: '0208:0790123495' } });
    // While that send is on its way, a second fix is refused.
    expect(await fixAndResend(deps(), as.finance!, { documentId: doc.id, values: {} })).toMatchObject({ ok: false, error: expect.stringMatching(/already on its way/) });
  });
});

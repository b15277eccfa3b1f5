import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { auditLog, documents, extractedFields, timelineEvents, transactions, vendors } from '@/db/schema';
import { ForbiddenError } from '@/lib/auth/assert';
import type { SessionUser } from '@/lib/auth/credentials';
import { queues } from '@/lib/jobs/queues';
import { demoSessionUsers, freshDatabaseWithQueue, testServers } from '@/test/databases';
import { approveDocument } from './approve';
import { blockDocument, unblockDocument } from './block';
import { claimForReview } from './claim';

describe.each(testServers())('review decisions on $name PostgreSQL', ({ url }) => {
  let t: Awaited<ReturnType<typeof freshDatabaseWithQueue>>;
  const as: Record<string, SessionUser> = {};
  const deps = () => ({ pool: t.pool, boss: t.boss });

  async function documentInReview() {
    const n = randomUUID().slice(0, 8);
    const [vendor] = await t.db
      .insert(vendors)
      .values({ name: `Vendor ${n}`, country: 'BE', iban: 'BE68539007547034', approvedAt: new Date() })
      .returning();
    const [doc] = await t.db
      .insert(documents)
      .values({
        sourceId: `SRC-R-${n}`,
        uploadIdempotencyKey: `upload:r:${n}`,
        filename: 'r.pdf',
        fileFormat: 'pdf',
        fileSize: 1,
        pipelineState: 'in_review',
        vendorId: vendor!.id,
      })
      .returning();
    const field = (name: string, value: string | null, extra: object = {}) => ({
      documentId: doc!.id,
      name,
      value,
      category: 'other' as const,
      ...extra,
    });
    await t.db.insert(extractedFields).values([
      field('document_number', 'INV-9'),
      field('issue_date', '2026-11-01'),
      field('currency', 'EUR'),
      field('sender_name', 'Brouwerij Test'),
      field('recipient_name', 'Invoice Hub BV'),
      field('sender_peppol_id', '0208:0123456749'),
      field('recipient_peppol_id', '0208:0790123495'),
      field('tax_breakdowns', null, {
        valueJson: [{ taxable_amount: '1000.00', tax_amount: '210.00', tax_rate: '21' }],
      }),
      field('gross_amount', '1210.00', {
        category: 'money',
        candidates: ['1210.00', '1012.10'],
        reviewState: 'needs_review',
        reviewReason: 'candidates disagree: 1012.10',
      }),
      field('sender_iban', 'LT601010012345678901', {
        category: 'vendor_identity',
        reviewState: 'needs_review',
        reviewReason: 'differs from approved iban',
      }),
    ]);
    return doc!;
  }

  beforeAll(async () => {
    t = await freshDatabaseWithQueue(url);
    Object.assign(as, await demoSessionUsers(t.db));
    const [second] = await t.db
      .execute<{ id: string }>(
        sql`insert into users (email, name, role) values ('finance2@example.test', 'Second Finance', 'finance') returning id`,
      )
      .then((r) => r.rows);
    as.finance2 = { id: second!.id, email: 'finance2@example.test', name: 'Second Finance', role: 'finance' };
  });
  afterAll(() => t?.drop());

  it('lets exactly one of two reviewers opening the same document at once hold it', async () => {
    const doc = await documentInReview();
    const [a, b] = await Promise.all([
      claimForReview({ db: t.db }, as.finance!, doc.id),
      claimForReview({ db: t.db }, as.finance2!, doc.id),
    ]);
    expect([a.ok, b.ok].sort()).toEqual([false, true]);
    const loser = a.ok ? b : a;
    expect(loser).toMatchObject({ ok: false, reason: expect.stringMatching(/is reviewing this document/) });
    // The holder can reopen; the other cannot act on it.
    const holder = a.ok ? as.finance! : as.finance2!;
    const other = a.ok ? as.finance2! : as.finance!;
    expect((await claimForReview({ db: t.db }, holder, doc.id)).ok).toBe(true);
    expect(
      await approveDocument(deps(), other, {
        documentId: doc.id,
        values: { gross_amount: '1210.00', sender_iban: 'BE68539007547034' },
      }),
    ).toMatchObject({ ok: false, error: expect.stringMatching(/no longer hold/) });
  });

  it('takes over a claim that expired', async () => {
    const doc = await documentInReview();
    await claimForReview({ db: t.db }, as.finance!, doc.id);
    await t.db
      .update(documents)
      .set({ reviewClaimExpiresAt: new Date(Date.now() - 1000) })
      .where(eq(documents.id, doc.id));
    expect((await claimForReview({ db: t.db }, as.finance2!, doc.id)).ok).toBe(true);
  });

  it('refuses review decisions to support and managers, on the server', async () => {
    const doc = await documentInReview();
    await expect(claimForReview({ db: t.db }, as.manager!, doc.id)).rejects.toThrow(ForbiddenError);
    await expect(approveDocument(deps(), as.support!, { documentId: doc.id, values: {} })).rejects.toThrow(
      ForbiddenError,
    );
    await expect(blockDocument(deps(), as.manager!, doc.id, 'not mine to block')).rejects.toThrow(ForbiddenError);
  });

  it('refuses invalid values field by field and changes nothing', async () => {
    const doc = await documentInReview();
    await claimForReview({ db: t.db }, as.finance!, doc.id);
    const result = await approveDocument(deps(), as.finance!, {
      documentId: doc.id,
      values: { gross_amount: '1.210,00', sender_iban: 'BE00 0000' },
    });
    expect(result).toMatchObject({
      ok: false,
      fieldErrors: { gross_amount: [expect.stringMatching(/amount/)], sender_iban: [expect.stringMatching(/IBAN/)] },
    });
    expect((await t.db.select().from(documents).where(eq(documents.id, doc.id)))[0]!.pipelineState).toBe('in_review');
  });

  it('approves: records the choices, updates the vendor, audits, and queues the send', async () => {
    const doc = await documentInReview();
    await claimForReview({ db: t.db }, as.finance!, doc.id);
    const result = await approveDocument(deps(), as.finance!, {
      documentId: doc.id,
      values: { gross_amount: '1210.00', sender_iban: 'BE68 5390 0754 7034' },
    });
    expect(result).toEqual({ ok: true });
    const [after] = await t.db.select().from(documents).where(eq(documents.id, doc.id));
    expect(after).toMatchObject({ pipelineState: 'approved', reviewClaimedBy: null });
    const iban = (
      await t.db
        .select()
        .from(extractedFields)
        .where(and(eq(extractedFields.documentId, doc.id), eq(extractedFields.name, 'sender_iban')))
    )[0]!;
    expect(iban).toMatchObject({
      approvedValue: 'BE68539007547034',
      reviewState: 'overridden',
      reviewedBy: as.finance!.id,
    });
    const [vendor] = await t.db.select().from(vendors).where(eq(vendors.id, doc.vendorId!));
    expect(vendor!.iban).toBe('BE68539007547034');
    const actions = (await t.db.select().from(auditLog).where(eq(auditLog.targetId, doc.id))).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['review.claim', 'review.field_override', 'review.approve']));
    const [txn] = await t.db.select().from(transactions).where(eq(transactions.documentId, doc.id));
    expect(txn!.ublXml).toContain('BE68539007547034');
    const jobs = await t.db.execute(
      sql`select count(*) as n from pgboss.job where name = ${queues.transactionSend} and data->>'transactionId' = ${txn!.id}`,
    );
    expect(Number(jobs.rows[0]!.n)).toBe(1);
    // A second approval of the same document is refused.
    expect(
      (
        await approveDocument(deps(), as.finance!, {
          documentId: doc.id,
          values: { gross_amount: '1210.00', sender_iban: 'BE68539007547034' },
        })
      ).ok,
    ).toBe(false);
  });

  it('settles an approval racing a block on the same document: exactly one wins', async () => {
    const doc = await documentInReview();
    await claimForReview({ db: t.db }, as.finance!, doc.id);
    const [approved, blocked] = await Promise.all([
      approveDocument(deps(), as.finance!, {
        documentId: doc.id,
        values: { gross_amount: '1210.00', sender_iban: 'BE68539007547034' },
      }),
      blockDocument(deps(), as.support!, doc.id, 'Hold: vendor dispute'),
    ]);
    expect([approved.ok, blocked.ok].filter(Boolean)).toHaveLength(1);
    const [after] = await t.db.select().from(documents).where(eq(documents.id, doc.id));
    expect(after!.pipelineState).toBe(approved.ok ? 'approved' : 'blocked');
  });

  it('blocks with a reason and unblocks back to where the document was', async () => {
    const doc = await documentInReview();
    expect(await blockDocument(deps(), as.support!, doc.id, ' ')).toMatchObject({
      ok: false,
      fieldErrors: { reason: expect.any(Array) },
    });
    expect(await blockDocument(deps(), as.support!, doc.id, 'IBAN changed — call the vendor')).toEqual({ ok: true });
    expect(await blockDocument(deps(), as.finance!, doc.id, 'again')).toMatchObject({
      ok: false,
      error: 'Already blocked',
    });
    expect((await claimForReview({ db: t.db }, as.finance!, doc.id)).ok).toBe(false);
    expect(await unblockDocument(deps(), as.support!, doc.id)).toEqual({ ok: true });
    expect((await t.db.select().from(documents).where(eq(documents.id, doc.id)))[0]!.pipelineState).toBe('in_review');
    const [audit] = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.targetId, doc.id), eq(auditLog.action, 'document.unblock')));
    expect(audit).toMatchObject({
      actorId: as.support!.id,
      before: { state: 'blocked', blockedBy: 'support' },
      after: { state: 'in_review' },
    });
  });

  // Who blocked it × who unblocks it: a block is lifted by its team or an admin (lib/rules/unblock.ts).
  it.each([
    ['support', ['admin', 'support']],
    ['finance', ['admin', 'finance']],
    ['admin', ['admin']],
    ['automation', ['admin', 'support']],
  ] as const)('a block by %s is lifted only by %j, on the server', async (blocker, allowed) => {
    for (const role of ['admin', 'support', 'finance', 'manager'] as const) {
      const doc = await documentInReview();
      if (blocker === 'automation') {
        // exdata's 402: blocked by the upload job, no user.
        await t.db
          .update(documents)
          .set({
            pipelineState: 'blocked',
            blockedReason: 'exdata has no credits left',
            lastErrorCode: 'insufficient_credits',
          })
          .where(eq(documents.id, doc.id));
      } else {
        expect(await blockDocument(deps(), as[blocker]!, doc.id, `Held by ${blocker}`)).toEqual({ ok: true });
      }
      if (role === 'manager') {
        await expect(unblockDocument(deps(), as.manager!, doc.id)).rejects.toThrow(ForbiddenError);
        continue;
      }
      const result = await unblockDocument(deps(), as[role]!, doc.id);
      const [after] = await t.db.select().from(documents).where(eq(documents.id, doc.id));
      if ((allowed as readonly string[]).includes(role)) {
        expect(result, `${role} lifting ${blocker}'s block`).toEqual({ ok: true });
        expect(after!.pipelineState).not.toBe('blocked');
      } else {
        expect(result, `${role} lifting ${blocker}'s block`).toMatchObject({
          ok: false,
          error: expect.stringMatching(/^This document was blocked by .*; only .* may unblock it\.$/),
        });
        expect(after).toMatchObject({ pipelineState: 'blocked' });
        expect(
          await t.db
            .select()
            .from(auditLog)
            .where(and(eq(auditLog.targetId, doc.id), eq(auditLog.action, 'document.unblock'))),
        ).toHaveLength(0);
      }
    }
  });

  it('answers a reason with a NUL, control or direction-control characters, or too long, on the field, and changes nothing', async () => {
    const doc = await documentInReview();
    const cases = [
      // PostgreSQL refuses NUL in text: this used to fail inside the transaction as "the database may be unavailable".
      ['Vendor dispute\u0000', /control characters/],
      ['Hold \u001B[31mnow', /control characters/],
      ['Paid \u202Ednuf\u202C by hand', /direction-control characters/],
      ['Duplicate \u2067of\u2069 INV-9', /direction-control characters/],
      ['x'.repeat(10_000), /^At most 500 characters$/],
    ] as const;
    for (const [reason, message] of cases) {
      const r = await blockDocument(deps(), as.support!, doc.id, reason);
      expect(r, JSON.stringify(reason.slice(0, 40))).toMatchObject({
        ok: false,
        fieldErrors: { reason: [expect.stringMatching(message)] },
      });
    }
    const [after] = await t.db.select().from(documents).where(eq(documents.id, doc.id));
    expect(after).toMatchObject({ pipelineState: 'in_review', blockedReason: null, blockedBy: null });
    expect(await t.db.select().from(timelineEvents).where(eq(timelineEvents.documentId, doc.id))).toHaveLength(0);
    expect(await t.db.select().from(auditLog).where(eq(auditLog.targetId, doc.id))).toHaveLength(0);
    // Line breaks, accents and right-to-left text typed as such are a reason like any other.
    expect(await blockDocument(deps(), as.support!, doc.id, 'Fournisseur: créance contestée\nשלום — rappeler')).toEqual(
      { ok: true },
    );
    expect((await t.db.select().from(documents).where(eq(documents.id, doc.id)))[0]!.blockedReason).toBe(
      'Fournisseur: créance contestée\nשלום — rappeler',
    );
  });
});

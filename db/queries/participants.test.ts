// Participant IDs are stored and compared in one normal form (lib/identifiers.ts): what the pipeline writes, what
// the seed wrote before (migration 0014), and what people type into the filter or the search box all meet there.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { transactions, webhookDeliveries } from '@/db/schema';
import { recordInbound } from '@/worker/webhooks/inbound';
import { freshDatabase, testServers, useAsProcessDatabase } from '@/test/databases';

const migration = readFileSync(path.join(__dirname, '..', 'migrations', '0014_normalize_participants.sql'), 'utf8');

describe.each(testServers())('participant IDs on $name PostgreSQL', ({ url }) => {
  let t: Awaited<ReturnType<typeof freshDatabase>>;
  let restoreDb: (() => void) | undefined;
  let n = 0;
  const send = (values: Partial<typeof transactions.$inferInsert>) => ({
    direction: 'outbound' as const,
    status: 'delivered' as const,
    sendIdempotencyKey: `send:p-${++n}`,
    ...values,
  });

  beforeAll(async () => {
    t = await freshDatabase(url);
    restoreDb = useAsProcessDatabase(t);
  });
  afterAll(async () => {
    restoreDb?.();
    await t?.drop();
  });

  it('normalises rows stored in the old forms, and leaves normal and unreadable ones alone', async () => {
    const rows = await t.db
      .insert(transactions)
      .values([
        // How the seed stored them: the bare identifier beside its scheme.
        send({
          senderScheme: '0208',
          senderIdentifier: '0790123495',
          receiverScheme: '0208',
          receiverIdentifier: '0486596540',
        }),
        send({
          senderScheme: '9925',
          senderIdentifier: 'BE0790123495',
          receiverScheme: null,
          receiverIdentifier: 'iso6523-actorid-upis::0088:5790000435951',
        }),
        send({
          senderScheme: '0208',
          senderIdentifier: '0208:0790123495',
          receiverScheme: '0208',
          receiverIdentifier: '0208:0486596540',
        }),
        send({
          senderScheme: null,
          senderIdentifier: 'not a participant',
          receiverScheme: null,
          receiverIdentifier: null,
        }),
      ])
      .returning({ id: transactions.id });
    await t.pool.query(migration);
    const after = await t.db
      .select()
      .from(transactions)
      .where(sql`${transactions.id} in ${rows.map((r) => r.id)}`)
      .orderBy(transactions.sendIdempotencyKey);
    expect(after.map((r) => [r.senderScheme, r.senderIdentifier, r.receiverScheme, r.receiverIdentifier])).toEqual([
      ['0208', '0208:0790123495', '0208', '0208:0486596540'],
      ['9925', '9925:be0790123495', '0088', '0088:5790000435951'],
      ['0208', '0208:0790123495', '0208', '0208:0486596540'],
      [null, 'not a participant', null, null],
    ]);
  });

  it('finds the same transactions whichever accepted form the filter is given in', async () => {
    await t.db.execute(sql`truncate transactions cascade`);
    await t.db
      .insert(transactions)
      .values([
        send({ senderIdentifier: '0208:0790123495', receiverIdentifier: '0208:0486596540' }),
        send({ senderIdentifier: '0208:0790123495', receiverIdentifier: '0208:0486596540' }),
        send({ direction: 'inbound', senderIdentifier: '0208:0486596540', receiverIdentifier: '0208:0790123495' }),
        send({ senderIdentifier: '0208:0790123495', receiverIdentifier: '9925:be0123456749' }),
      ]);
    const { listTransactions } = await import('./transactions');
    const ids = async (participant: string) =>
      (await listTransactions({ participant, cursor: null })).items.map((r) => r.id).sort();
    const expected = await ids('0208:0486596540');
    expect(expected).toHaveLength(3);
    for (const form of [
      ' 0208:0486596540',
      'iso6523-actorid-upis::0208:0486596540',
      'ISO6523-ACTORID-UPIS::0208:0486596540',
    ])
      expect(await ids(form), form).toEqual(expected);
    expect(await ids('9925:BE0123456749')).toHaveLength(1);
    // A bare identifier is no participant ID: it matches nothing (the page reports it as an ignored filter).
    expect(await ids('0486596540')).toEqual([]);
  });

  it('search takes a participant ID in any form to all its transactions', async () => {
    const { searchById } = await import('./search');
    const { hrefOf } = await import('@/app/(console)/search/href');
    const hits = await searchById('iso6523-actorid-upis::0208:0486596540');
    expect(hits).toEqual([
      {
        kind: 'participant',
        id: '0208:0486596540',
        label: 'Every transaction sent or received by 0208:0486596540',
        matched: 'iso6523-actorid-upis::0208:0486596540',
      },
    ]);
    expect(hrefOf(hits[0]!)).toBe('/transactions?participant=0208%3A0486596540');
    expect(await searchById('0208:0000000000')).toEqual([]);
  });

  it('stores the parties of an inbound invoice in the normal form, however GoRoute wrote them', async () => {
    const [delivery] = await t.db
      .insert(webhookDeliveries)
      .values({ provider: 'goroute', deliveryId: 'evt_inbound', headers: {}, signatureResult: 'valid' })
      .returning();
    const ctx = { tx: t.db, enqueue: async () => {}, deliveryRowId: delivery!.id, receivedAt: new Date() };
    const outcome = await recordInbound(ctx, {
      transaction_id: 'txn_inbound_1',
      sender: { scheme: '9925', identifier: 'BE0486596540', name: 'Acme' },
      receiver: { identifier: 'iso6523-actorid-upis::0208:0790123495', name: 'Client' },
    });
    const [row] = await t.db
      .select()
      .from(transactions)
      .where(sql`${transactions.id} = ${outcome.transactionId!}`);
    expect(row).toMatchObject({
      senderScheme: '9925',
      senderIdentifier: '9925:be0486596540',
      receiverScheme: '0208',
      receiverIdentifier: '0208:0790123495',
    });
  });
});

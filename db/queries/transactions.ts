import { and, eq, gte, lt, ne, or, sql, type SQL } from 'drizzle-orm';
import { db } from '../client';
import { transactions, type Direction, type TransactionStatus } from '../schema';
import { normalizeParticipantId } from '@/lib/identifiers';
import { PAGE_SIZE, toPage, type Cursor } from '@/lib/pagination';
import { after, cursorText, newestFirst } from './keyset';

const listColumns = {
  id: transactions.id,
  documentId: transactions.documentId,
  gorouteTransactionId: transactions.gorouteTransactionId,
  direction: transactions.direction,
  status: transactions.status,
  documentType: transactions.documentType,
  invoiceNumber: transactions.invoiceNumber,
  senderIdentifier: transactions.senderIdentifier,
  senderName: transactions.senderName,
  receiverIdentifier: transactions.receiverIdentifier,
  receiverName: transactions.receiverName,
  totalAmount: transactions.totalAmount,
  currency: transactions.currency,
  attempts: transactions.attempts,
  createdAt: transactions.createdAt,
  cursorAt: cursorText(transactions.createdAt),
};

export type TransactionFilter = {
  status?: TransactionStatus;
  direction?: Direction;
  participant?: string;
  country?: string;
  documentType?: string;
  from?: Date;
  to?: Date;
  cursor: Cursor | null;
};

const newest = newestFirst(transactions.createdAt, transactions.id);

/** Transactions newest first. `participant` is compared in its normal form (see normalizeParticipantId), as it is stored. */
export async function listTransactions(filter: TransactionFilter) {
  const rest = [
    filter.status ? eq(transactions.status, filter.status) : undefined,
    filter.direction ? eq(transactions.direction, filter.direction) : undefined,
    filter.country ? eq(transactions.receiverCountry, filter.country) : undefined,
    filter.documentType ? eq(transactions.documentType, filter.documentType) : undefined,
    filter.from ? gte(transactions.createdAt, filter.from) : undefined,
    filter.to ? lt(transactions.createdAt, filter.to) : undefined,
    after(transactions.createdAt, transactions.id, filter.cursor, 'uuid'),
  ];
  let where: SQL | undefined = and(...rest);
  if (filter.participant) {
    // Text that is no participant ID matches no stored one.
    const p = normalizeParticipantId(filter.participant);
    if (!p) return { items: [], next: null };
    // "Sender or receiver": one page newest first from each side's own (identifier, created_at) index, merged.
    // An OR over both columns would make PostgreSQL collect and sort every row of the participant (our own
    // company sends nearly all of them) before returning the first page.
    const side = (match: SQL) =>
      db
        .select({ id: transactions.id })
        .from(transactions)
        .where(and(match, ...rest))
        .orderBy(...newest)
        .limit(PAGE_SIZE + 1);
    const sent = side(eq(transactions.senderIdentifier, p));
    const received = side(
      and(
        eq(transactions.receiverIdentifier, p),
        or(ne(transactions.senderIdentifier, p), sql`${transactions.senderIdentifier} is null`),
      )!,
    );
    where = sql`${transactions.id} in ((${sent}) union all (${received}))`;
  }
  const rows = await db
    .select(listColumns)
    .from(transactions)
    .where(where)
    .orderBy(...newest)
    .limit(PAGE_SIZE + 1);
  return toPage(rows, (r) => ({ at: r.cursorAt, id: r.id }));
}

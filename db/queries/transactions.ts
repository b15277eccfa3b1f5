import { and, eq, gte, lt, ne, or, sql, type SQL } from 'drizzle-orm';
import { db } from '../client';
import { transactions, type Direction, type TransactionStatus } from '../schema';
import { normalizeParticipantId } from '@/lib/identifiers';
import { PAGE_SIZE, toPage, type Cursor } from '@/lib/pagination';
import { after, countCapped, cursorText, newer, NEWER_CAP, newestFirst, upTo } from './keyset';

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

type TransactionConditions = {
  status?: TransactionStatus;
  direction?: Direction;
  participant?: string;
  country?: string;
  documentType?: string;
  from?: Date;
  to?: Date;
};
/** The list's filters, a page (`cursor`), and where its first page is held (`top`, see keyset.upTo). */
export type TransactionFilter = TransactionConditions & { cursor: Cursor | null; top?: Cursor | null };

const newest = newestFirst(transactions.createdAt, transactions.id);

/** The list's filters but the participant, as SQL: shared by the list and by its count of newer rows. */
function transactionConditions(filter: TransactionConditions) {
  return [
    filter.status ? eq(transactions.status, filter.status) : undefined,
    filter.direction ? eq(transactions.direction, filter.direction) : undefined,
    filter.country ? eq(transactions.receiverCountry, filter.country) : undefined,
    filter.documentType ? eq(transactions.documentType, filter.documentType) : undefined,
    filter.from ? gte(transactions.createdAt, filter.from) : undefined,
    filter.to ? lt(transactions.createdAt, filter.to) : undefined,
  ];
}

/**
 * "Sender or receiver": each side on its own (identifier, created_at) index. An OR over both columns would make
 * PostgreSQL collect and sort every row of the participant (our own company sends nearly all of them) before
 * returning the first page. The sides never share a row (a received one whose sender is the participant is sent).
 */
function participantSides(p: string) {
  return [
    eq(transactions.senderIdentifier, p),
    and(
      eq(transactions.receiverIdentifier, p),
      or(ne(transactions.senderIdentifier, p), sql`${transactions.senderIdentifier} is null`),
    )!,
  ];
}

/** Transactions newest first. `participant` is compared in its normal form (see normalizeParticipantId), as it is stored. */
export async function listTransactions(filter: TransactionFilter) {
  const rest = [
    ...transactionConditions(filter),
    filter.cursor
      ? after(transactions.createdAt, transactions.id, filter.cursor, 'uuid')
      : upTo(transactions.createdAt, transactions.id, filter.top ?? null, 'uuid'),
  ];
  let where: SQL | undefined = and(...rest);
  if (filter.participant) {
    // Text that is no participant ID matches no stored one.
    const p = normalizeParticipantId(filter.participant);
    if (!p) return { items: [], next: null, first: null };
    // One page newest first from each side, merged.
    const [sent, received] = participantSides(p).map((match) =>
      db
        .select({ id: transactions.id })
        .from(transactions)
        .where(and(match, ...rest))
        .orderBy(...newest)
        .limit(PAGE_SIZE + 1),
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

/** Transactions the list's first page would show above `since` (its first row), with the same filters; capped. */
export async function countNewerTransactions(filter: TransactionConditions, since: Cursor | null) {
  const rest = [...transactionConditions(filter), newer(transactions.createdAt, transactions.id, since, 'uuid')];
  const count = (match?: SQL) =>
    countCapped(
      db
        .select({ id: transactions.id })
        .from(transactions)
        .where(and(match, ...rest))
        .orderBy(...newest)
        .$dynamic(),
    );
  if (!filter.participant) return count();
  const p = normalizeParticipantId(filter.participant);
  if (!p) return { count: 0, more: false };
  const sides = await Promise.all(participantSides(p).map(count));
  const n = sides.reduce((sum, s) => sum + s.count, 0);
  return { count: Math.min(n, NEWER_CAP), more: n > NEWER_CAP || sides.some((s) => s.more) };
}

import { and, desc, eq, gte, lt, or } from 'drizzle-orm';
import { db } from '../client';
import { transactions, type Direction, type TransactionStatus } from '../schema';
import { PAGE_SIZE, toPage, type Cursor } from '@/lib/pagination';
import { after, cursorText } from './keyset';

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

export type TransactionFilter = { status?: TransactionStatus; direction?: Direction; participant?: string; country?: string; documentType?: string; from?: Date; to?: Date; cursor: Cursor | null };

export async function listTransactions(filter: TransactionFilter) {
  const rows = await db
    .select(listColumns)
    .from(transactions)
    .where(
      and(
        filter.status ? eq(transactions.status, filter.status) : undefined,
        filter.direction ? eq(transactions.direction, filter.direction) : undefined,
        filter.participant ? or(eq(transactions.senderIdentifier, filter.participant), eq(transactions.receiverIdentifier, filter.participant)) : undefined,
        filter.country ? eq(transactions.receiverCountry, filter.country) : undefined,
        filter.documentType ? eq(transactions.documentType, filter.documentType) : undefined,
        filter.from ? gte(transactions.createdAt, filter.from) : undefined,
        filter.to ? lt(transactions.createdAt, filter.to) : undefined,
        after(transactions.createdAt, transactions.id, filter.cursor, 'uuid'),
      ),
    )
    .orderBy(desc(transactions.createdAt), desc(transactions.id))
    .limit(PAGE_SIZE + 1);
  return toPage(rows, (r) => ({ at: r.cursorAt, id: r.id }));
}

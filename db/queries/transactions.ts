import { and, desc, eq } from 'drizzle-orm';
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

export async function listTransactions(filter: { status?: TransactionStatus; direction?: Direction; cursor: Cursor | null }) {
  const rows = await db
    .select(listColumns)
    .from(transactions)
    .where(
      and(
        filter.status ? eq(transactions.status, filter.status) : undefined,
        filter.direction ? eq(transactions.direction, filter.direction) : undefined,
        after(transactions.createdAt, transactions.id, filter.cursor, 'uuid'),
      ),
    )
    .orderBy(desc(transactions.createdAt), desc(transactions.id))
    .limit(PAGE_SIZE + 1);
  return toPage(rows, (r) => ({ at: r.cursorAt, id: r.id }));
}

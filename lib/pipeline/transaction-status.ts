import type { TransactionStatus } from '@/db/schema/enums';

// GoRoute's lifecycle order. Webhooks and polls arrive late and out of order, so a status only ever
// moves forward: a late `pending` never undoes a `delivered`.
const rank: Record<TransactionStatus, number> = {
  queued: 0,
  pending: 1,
  processing: 2,
  sending: 3,
  delivered: 4,
  failed: 4,
};

export function movesForward(from: TransactionStatus, to: TransactionStatus): boolean {
  return rank[to] > rank[from];
}

export function isTerminal(status: TransactionStatus): boolean {
  return rank[status] === 4;
}

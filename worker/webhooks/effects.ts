import type { Database } from '@/db/client';
import type { ProcessingResult } from '@/db/schema/enums';
import type { Enqueue } from '@/db/transaction';

export type HandlerContext = {
  tx: Database;
  enqueue: Enqueue;
  deliveryRowId: string;
  receivedAt: Date;
  /**
   * GoRoute transaction IDs known to match no transaction, looked up for a whole batch of deliveries in one query
   * (processWebhooks). Only absences are kept: a match is read fresh by its delivery, which may change it.
   */
  unknownGoRouteIds?: ReadonlySet<string>;
};

/** What processing one delivery amounted to; written back onto the delivery row. */
export type Outcome = {
  result: Extract<ProcessingResult, 'processed' | 'unmatched' | 'ignored' | 'duplicate_effect' | 'failed'>;
  effectKey?: string;
  documentId?: string | null;
  transactionId?: string | null;
  error?: string;
};

import type { PoolClient } from 'pg';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Deletes benchmark transactions and documents with every row that refers to them (jobs, deliveries, calls,
 * timelines), in one transaction. The rows are locked first: a webhook the worker is matching to one of them
 * right now then waits for this transaction and finds them gone, instead of inserting a reference between two
 * deletes (which failed a cleanup once, leaving 10,000 rows behind). A deadlock or a late reference is retried.
 */
export async function removeRows(
  client: PoolClient,
  txnIds: string[],
  docIds: string[],
  extra: (c: PoolClient) => Promise<void> = async () => {},
) {
  for (let attempt = 1; ; attempt++) {
    await client.query('begin');
    try {
      await client.query(
        `select 1 from transactions where id = any($1::uuid[]) or document_id = any($2::uuid[]) for update`,
        [txnIds, docIds],
      );
      await client.query(`select 1 from documents where id = any($1::uuid[]) for update`, [docIds]);
      await client.query(
        `delete from pgboss.job where name in ('transaction-send', 'transaction-track') and data->>'transactionId' = any($1::text[])`,
        [txnIds],
      );
      await client.query(
        `delete from webhook_deliveries where transaction_id = any($1::uuid[]) or document_id = any($2::uuid[])`,
        [txnIds, docIds],
      );
      await client.query(
        `delete from timeline_events where transaction_id = any($1::uuid[]) or document_id = any($2::uuid[])`,
        [txnIds, docIds],
      );
      await client.query(
        `delete from api_calls where transaction_id = any($1::uuid[]) or document_id = any($2::uuid[])`,
        [txnIds, docIds],
      );
      await client.query(`delete from transactions where id = any($1::uuid[]) or document_id = any($2::uuid[])`, [
        txnIds,
        docIds,
      ]);
      await client.query(`delete from documents where id = any($1::uuid[])`, [docIds]);
      await extra(client);
      await client.query('commit');
      return;
    } catch (error) {
      await client.query('rollback').catch(() => {});
      if (attempt >= 5) throw error;
      await sleep(2_000);
    }
  }
}

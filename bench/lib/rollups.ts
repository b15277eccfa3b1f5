// Benchmarks that write data put the go-live rollups back as they were, so a run leaves no trace in the figures.
import type { PoolClient } from 'pg';

/** Folds pending deltas and copies metric_rollups into a temp table of this session. */
export async function snapshotRollups(client: PoolClient) {
  await client.query('select fold_metric_rollups()');
  await client.query('create temp table if not exists bench_rollups as select * from metric_rollups with no data');
  await client.query('truncate bench_rollups');
  await client.query('insert into bench_rollups select * from metric_rollups');
}

/** Puts the snapshot back (and drops what the run's writes appended since). Reports instead of throwing. */
export async function restoreRollups(client: PoolClient, log: (line: string) => void) {
  try {
    await client.query('begin');
    // Writers wait for the restore instead of deadlocking with it.
    await client.query('lock table metric_rollups, metric_rollup_deltas in exclusive mode');
    await client.query('delete from metric_rollups where true');
    await client.query('delete from metric_rollup_deltas where true');
    await client.query('insert into metric_rollups select * from bench_rollups');
    await client.query('commit');
  } catch (error) {
    await client.query('rollback').catch(() => {});
    log(`metric_rollups not restored: ${error instanceof Error ? error.message : String(error)}`);
  }
  await client.query('drop table if exists bench_rollups').catch(() => {});
}

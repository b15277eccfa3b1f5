// Benchmarks that write data put the go-live rollups back as they were, so a run leaves no trace in the figures.
import type { PoolClient } from 'pg';

// A table, not a temp table: a run cut short (Ctrl-C, a crash) leaves its snapshot behind, and the next run puts it
// back before taking its own. With a temp table the aborted run's counts stayed in metric_rollups for good.
const SNAPSHOT = 'bench_rollups_snapshot';

/**
 * Folds pending deltas and copies metric_rollups aside. A snapshot left by an interrupted run is restored first
 * (its benchmark rows are removed by the cleanup of the benchmark that made them, matched by their prefix).
 */
export async function snapshotRollups(client: PoolClient, log: (line: string) => void) {
  const left = await client.query<{ t: string | null }>(`select to_regclass('${SNAPSHOT}')::text as t`);
  if (left.rows[0]?.t) {
    log('a previous run was cut short before it put the rollups back: restoring its snapshot first');
    await restoreRollups(client, log);
  }
  await client.query('select fold_metric_rollups()');
  await client.query(`create table ${SNAPSHOT} as select * from metric_rollups`);
}

/** Puts the snapshot back (and drops what the run's writes appended since). Reports instead of throwing. */
export async function restoreRollups(client: PoolClient, log: (line: string) => void) {
  try {
    await client.query('begin');
    // Writers wait for the restore instead of deadlocking with it.
    await client.query('lock table metric_rollups, metric_rollup_deltas in exclusive mode');
    await client.query('delete from metric_rollups where true');
    await client.query('delete from metric_rollup_deltas where true');
    await client.query(`insert into metric_rollups select * from ${SNAPSHOT}`);
    await client.query(`drop table ${SNAPSHOT}`);
    await client.query('commit');
  } catch (error) {
    await client.query('rollback').catch(() => {});
    log(
      `metric_rollups not restored (the snapshot stays in ${SNAPSHOT} for the next run): ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

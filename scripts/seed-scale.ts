/**
 * `npm run seed:scale [-- --scale 0.1] [--force] [--seed N]`: loads the data volume of the performance budgets
 * (demo/seed/scale/run.ts). The database is found like `npm start` finds it: DATABASE_URL, or the embedded one
 * under DATA_DIR — the running one when `npm start` is up, otherwise started for the run and stopped after.
 */
import { createDatabase } from '@/db/client';
import { runMigrations } from '@/db/migrate';
import { ScaleRefused, seedScale } from '@/demo/seed/scale/run';
import { EnvError, parseStartEnv } from '@/lib/env';
import { findDatabase } from './lib/find-database';

const say = (line: string) => console.log(`[seed:scale] ${line}`);

class UsageError extends Error {}

function parseArgs(argv: string[]) {
  const args = { scale: 1, force: false, seed: undefined as number | undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = () => {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      if (v === undefined) throw new UsageError(`${a} needs a value`);
      return Number(v);
    };
    if (a === '--force') args.force = true;
    else if (a.startsWith('--scale')) args.scale = value();
    else if (a.startsWith('--seed')) args.seed = value();
    else throw new UsageError(`unknown argument ${a} (usage: npm run seed:scale -- [--scale F] [--force] [--seed N])`);
  }
  if (!(args.scale > 0 && args.scale <= 5))
    throw new UsageError('--scale must be a number in (0, 5]: 1 = 1,000,000 transactions');
  if (args.seed !== undefined && !(Number.isInteger(args.seed) && args.seed > 0 && args.seed < 2 ** 31))
    throw new UsageError('--seed must be a positive 31-bit integer');
  return args;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const env = parseStartEnv(process.env);
  const target = await findDatabase(env.DATABASE_URL, env.DATA_DIR);
  say(`Database: ${target.where}.`);
  const { db, pool } = createDatabase(target.url, 4);
  try {
    await runMigrations(db);
    await seedScale(db, pool, { scale: args.scale, force: args.force, seed: args.seed, log: say });
  } finally {
    await pool.end();
    await target.stop?.();
  }
}

main().catch((error: unknown) => {
  if (error instanceof ScaleRefused || error instanceof EnvError || error instanceof UsageError)
    console.error(`[seed:scale] ${error.message}`);
  else console.error(`[seed:scale] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});

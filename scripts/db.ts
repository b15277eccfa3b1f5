/** `npm run db:migrate` / `npm run db:seed` against DATABASE_URL (an external server). */
import { createDatabase } from '@/db/client';
import { runMigrations } from '@/db/migrate';
import { seedOnFirstRun } from '@/demo/seed';
import { EnvError, parseStartEnv } from '@/lib/env';

async function main(command: string | undefined) {
  const env = parseStartEnv(process.env);
  if (!env.DATABASE_URL) throw new Error('DATABASE_URL is required (npm start manages the embedded database itself)');
  const { db, pool } = createDatabase(env.DATABASE_URL, 2);
  try {
    if (command === 'migrate') {
      await runMigrations(db);
      console.log('Migrations applied.');
    } else if (command === 'seed') {
      await runMigrations(db);
      const outcome = await seedOnFirstRun(db, env.DEMO_PASSWORD);
      if (!outcome.firstRun) console.log('Demo data already present; nothing added.');
      else
        console.log(
          `Demo data created. Demo password: ${outcome.passwordGenerated ? outcome.password : 'DEMO_PASSWORD'}`,
        );
    } else {
      throw new Error('usage: tsx scripts/db.ts migrate|seed');
    }
  } finally {
    await pool.end();
  }
}

main(process.argv[2]).catch((error: unknown) => {
  console.error(
    error instanceof EnvError ? error.message : `db: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
});

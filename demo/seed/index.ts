import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { settings } from '@/db/schema';
import { seedDemoData } from './demo-data';
import { ensureDemoUsers } from './users';

export { demoUsers } from './users';

const MARKER = 'demo_data';

/** A password people can type: 4 groups of 4 lowercase letters and digits. */
function generatePassword() {
  const alphabet = 'abcdefghijkmnpqrstuvwxyz23456789';
  const bytes = randomBytes(16);
  const chars = [...bytes].map((b) => alphabet[b % alphabet.length]);
  return [0, 4, 8, 12].map((i) => chars.slice(i, i + 4).join('')).join('-');
}

export type SeedOutcome =
  | { firstRun: true; password: string; passwordGenerated: boolean; counts: Awaited<ReturnType<typeof seedDemoData>> }
  | { firstRun: false; passwordReset: boolean };

/**
 * Demo users and demo data on the first start; on later starts only re-applies DEMO_PASSWORD when set.
 * "First start" is recorded in settings, so data someone deletes is not silently re-created.
 */
export async function seedOnFirstRun(db: Database, demoPassword: string | undefined): Promise<SeedOutcome> {
  const [marker] = await db.select().from(settings).where(eq(settings.key, MARKER));
  if (marker) {
    await ensureDemoUsers(db, demoPassword);
    return { firstRun: false, passwordReset: Boolean(demoPassword) };
  }
  const password = demoPassword ?? generatePassword();
  const actorIds = await ensureDemoUsers(db, password);
  const counts = await seedDemoData(db, { actorIds });
  await db.insert(settings).values({ key: MARKER, value: { seededAt: new Date().toISOString(), ...counts } });
  return { firstRun: true, password, passwordGenerated: !demoPassword, counts };
}

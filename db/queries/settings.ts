import { asc } from 'drizzle-orm';
import { db } from '../client';
import { settings } from '../schema';

export function listSettings() {
  return db
    .select({ key: settings.key, value: settings.value, updatedAt: settings.updatedAt })
    .from(settings)
    .orderBy(asc(settings.key));
}

import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/**
 * One ID that follows a piece of work — a webhook delivery or a person's action — through every job it
 * leads to and every provider call those jobs make. The logger adds it to each line (lib/log.ts), and
 * pg-boss jobs carry it in their data (lib/jobs/queues.ts), so `grep <id>` over the JSON logs of every
 * process tells the whole story.
 */
const storage = new AsyncLocalStorage<{ id: string }>();

export const currentCorrelationId = (): string | undefined => storage.getStore()?.id;

export function withCorrelation<T>(id: string | undefined, work: () => T): T {
  return storage.run({ id: id && /^[\w:.-]{1,100}$/.test(id) ? id : randomUUID() }, work);
}

/** Job data with the current correlation ID added (an ID the data already carries wins). */
export function stampCorrelation<T>(data: T): T {
  const id = currentCorrelationId();
  if (!id || data === null || typeof data !== 'object' || Array.isArray(data) || 'correlationId' in data) return data;
  return { ...data, correlationId: id };
}

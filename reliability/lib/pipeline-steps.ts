// Steps the pipeline scenarios (credits-outage, provider-404) take against the running stack: documents enter through
// the real intake code (row, file and upload job in one commit), jobs are queued as the worker's own code would queue
// them and waited for, and a server action is called over HTTP as the browser calls it.
import { createDatabase } from '@/db/client';
import { createBoss, type QueueName } from '@/lib/jobs/queues';
import { inTransaction } from '@/db/transaction';
import { receiveDocument, samplePdf } from '@/lib/pipeline/intake';
import { sleep } from './processes';
import { request } from './http';
import { actionIds, actionResult, pageUrl, readManifest } from './server-actions';

export async function openPipeline(databaseUrl: string) {
  const { db, pool } = createDatabase(databaseUrl, 3);
  const boss = createBoss(databaseUrl, { supervise: false, schedule: false, max: 2 });
  boss.on('error', () => {});
  await boss.start();
  return {
    db,
    pool,
    /** Supplier PDFs arriving in the inbox, as demo intake receives them; the file name picks the sandbox scenario. */
    receive: async (filenames: string[]) => {
      const ids: string[] = [];
      for (const filename of filenames) {
        ids.push(
          await inTransaction(pool, boss, (tx, enqueue) =>
            receiveDocument(tx, enqueue, {
              content: samplePdf([`Invoice ${filename}`]),
              filename,
              contentType: 'application/pdf',
              requester: 'reliability@invoicehub.test',
            }),
          ),
        );
      }
      return ids;
    },
    /** Queues one job and waits until a worker has completed it; false when it did not within the time. */
    runJob: async (queue: QueueName, data: object, timeoutMs = 30_000) => {
      const id = await boss.send(queue, data);
      if (!id) return false;
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const job = await boss.getJobById(queue, id, { includeArchive: true });
        if (job?.state === 'completed') return true;
        if (job?.state === 'failed') return false;
        await sleep(200);
      }
      return false;
    },
    close: async () => {
      await boss.stop({ graceful: false, wait: true });
      await pool.end();
    },
  };
}

/**
 * Calls a server action of this build over HTTP with a role's session, exactly as the browser does (the action ID
 * from the build's manifest, posted to a page that uses it). Returns the action's typed result, or null.
 */
export async function callAction(
  root: string,
  baseUrl: string,
  cookie: string,
  key: string,
  args: unknown[],
): Promise<{ ok: boolean; error?: string; text: string } | null> {
  const built = actionIds(readManifest(root)).get(key);
  const url = built?.pages.map((w) => pageUrl(w, {})).find((u): u is string => Boolean(u));
  if (!built || !url) throw new Error(`${key} is not in this build's server-reference manifest`);
  const res = await request(`${baseUrl}${url}`, {
    method: 'POST',
    body: JSON.stringify(args),
    headers: {
      cookie,
      'next-action': built.id,
      'content-type': 'text/plain;charset=UTF-8',
      accept: 'text/x-component',
      origin: baseUrl,
    },
    timeoutMs: 60_000,
  });
  const result = actionResult(res.text);
  return result ? { ...result, text: res.text } : null;
}

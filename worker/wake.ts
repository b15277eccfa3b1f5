import pg from 'pg';
import { WEBHOOK_JOBS_CHANNEL } from '@/db/queries/webhook-ingest';

type Log = { debug: (obj: object, msg: string) => void; warn: (obj: object, msg: string) => void };

/**
 * Listens for the receiver's "webhook jobs queued" notification and calls `wake` on each, so processing starts
 * at commit rather than at the worker's next poll (every 0.5 s per loop: most of a delivery's time to show on
 * its page). On its own connection, since LISTEN holds one for good. Only a shortcut: when the connection drops
 * (a database restart) it is opened again after a pause, and polling carries on meanwhile, so nothing waits on it.
 */
export function listenForWebhookJobs(url: string, wake: () => void, log: Log): { close: () => Promise<void> } {
  let client: pg.Client | null = null;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;
  let pause = 1_000;

  const again = (reason: string) => {
    client = null;
    if (closed || retry) return;
    log.warn({ reason, retryInMs: pause }, 'webhook wake-up channel lost; polling meanwhile');
    retry = setTimeout(() => {
      retry = undefined;
      void open();
    }, pause);
    retry.unref();
    pause = Math.min(pause * 2, 30_000);
  };

  async function open() {
    const c = new pg.Client({ connectionString: url, application_name: 'invoice-ops-wake' });
    c.on('error', (error: Error) => again(error.message));
    c.on('end', () => again('connection closed'));
    c.on('notification', () => wake());
    try {
      await c.connect();
      await c.query(`listen ${WEBHOOK_JOBS_CHANNEL}`);
      if (closed) return void (await c.end().catch(() => {}));
      client = c;
      pause = 1_000;
      log.debug({ channel: WEBHOOK_JOBS_CHANNEL }, 'listening for webhook jobs');
    } catch (error) {
      c.removeAllListeners('end');
      await c.end().catch(() => {});
      again(error instanceof Error ? error.message : String(error));
    }
  }

  void open();
  return {
    close: async () => {
      closed = true;
      clearTimeout(retry);
      const c = client;
      client = null;
      if (c) {
        c.removeAllListeners('end');
        await c.end().catch(() => {});
      }
    },
  };
}

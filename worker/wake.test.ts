import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEBHOOK_JOBS_CHANNEL } from '@/db/queries/webhook-ingest';
import { freshDatabase, testServers } from '@/test/databases';
import { listenForWebhookJobs } from './wake';

const quiet = { debug: () => {}, warn: () => {} };
const until = async (test: () => boolean | Promise<boolean>, ms = 5_000) => {
  const deadline = Date.now() + ms;
  while (!(await test())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe.each(testServers())('webhook wake-up on $name PostgreSQL', ({ url }) => {
  let t: Awaited<ReturnType<typeof freshDatabase>>;
  let admin: Client;
  beforeAll(async () => {
    t = await freshDatabase(url);
    admin = new Client({ connectionString: t.url });
    await admin.connect();
  });
  afterAll(async () => {
    await admin?.end();
    await t?.drop();
  });

  const listening = async () =>
    (
      await admin.query(
        `select count(*)::int as n from pg_stat_activity where application_name = 'invoice-ops-wake' and datname = current_database()`,
      )
    ).rows[0].n === 1;

  it('wakes the worker on each notification, and listens again after its connection is cut', async () => {
    let woken = 0;
    const wake = listenForWebhookJobs(t.url, () => woken++, quiet);
    try {
      await until(listening);
      await admin.query(`select pg_notify('${WEBHOOK_JOBS_CHANNEL}', '')`);
      await until(() => woken === 1);
      // A database restart, as far as this connection can tell.
      await admin.query(
        `select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'invoice-ops-wake' and datname = current_database()`,
      );
      await until(async () => !(await listening()));
      // Back after its pause (1 s, doubling): generous, since a loaded machine (the full suite) stretches it.
      await until(listening, 20_000);
      await admin.query(`select pg_notify('${WEBHOOK_JOBS_CHANNEL}', '')`);
      await until(() => woken === 2);
    } finally {
      await wake.close();
    }
    await until(async () => !(await listening()));
    // Closed: a notification now wakes nothing.
    await admin.query(`select pg_notify('${WEBHOOK_JOBS_CHANNEL}', '')`);
    await new Promise((r) => setTimeout(r, 100));
    expect(woken).toBe(2);
  });
});

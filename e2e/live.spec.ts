// A live console (issue "A live console on one UI kit", part 1): pages keep up by themselves, pushed by the
// database's change notifications through /api/live — no reload, no polling.
import { execFileSync } from 'node:child_process';
import { createHmac, randomUUID } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import pg from 'pg';
import { findDatabase } from '../scripts/lib/find-database';
import { dataDir, webhookSecrets } from './env';
import { storageState } from './roles';

const sign = (body: string, secret: string) => createHmac('sha256', secret).update(body).digest('hex');

/** The e2e server's database (its embedded PostgreSQL under dataDir), to pick and create what the tests act on. */
async function database() {
  const found = await findDatabase(undefined, dataDir);
  const pool = new pg.Pool({ connectionString: found.url, max: 2 });
  return { url: found.url, pool };
}

/** Marks the page, so a test can tell that what changed on it came without a reload (a reload clears the mark). */
async function markNoReload(page: Page) {
  await page.evaluate(() => ((window as unknown as { stillThisPage?: boolean }).stillThisPage = true));
}
const notReloaded = (page: Page) =>
  page.evaluate(() => (window as unknown as { stillThisPage?: boolean }).stillThisPage === true);

test.describe('a live console', () => {
  test.use({ storageState: storageState('support') });

  test("a document's page shows a webhook's effect without a reload", async ({ page, request }) => {
    const db = await database();
    let target: { id: string; goroute: string } | undefined;
    try {
      // A send the demo left stuck at GoRoute (past its pending window, so the sandbox will not move it by itself).
      const { rows } = await db.pool.query<{ id: string; goroute: string }>(
        `select d.id, t.goroute_transaction_id as goroute
           from documents d join transactions t on t.document_id = d.id
          where d.pipeline_state = 'sending' and t.status in ('pending', 'processing', 'sending')
            and t.goroute_transaction_id is not null and t.status_changed_at < now() - interval '30 minutes'
          order by t.status_changed_at limit 1`,
      );
      target = rows[0];
    } finally {
      await db.pool.end();
    }
    // A fresh e2e database (the webServer command removes .data/e2e before it starts the server) always has such
    // sends: the demo seed leaves outbound sends waiting at GoRoute. Only a local run against a reused server whose
    // earlier runs delivered them all can find none; the test then cannot say anything and is skipped, not passed.
    test.skip(!target, 'no send stuck at GoRoute left in this database (a reused e2e server already used them)');
    const { id, goroute } = target!;

    await page.goto(`/documents/${id}`);
    await page.locator('html[data-hydrated]').waitFor();
    await expect(page.getByRole('status', { name: /^Live updates: on/ })).toHaveText('Live');
    const header = page.locator('h1').locator('xpath=../..');
    await expect(header).toContainText('sending');
    await markNoReload(page);

    // GoRoute says it was delivered: a signed webhook, as GoRoute sends it.
    const eventId = `evt_e2e_live_${randomUUID()}`;
    const body = JSON.stringify({
      event: 'transaction.delivered',
      event_id: eventId,
      timestamp: new Date().toISOString(),
      organization_id: 'org_e2e',
      data: { transaction_id: goroute, status: 'delivered', message_id: `msg_e2e_${randomUUID()}` },
    });
    const posted = await request.post('/api/webhooks/goroute', {
      data: body,
      headers: {
        'content-type': 'application/json',
        'x-goroute-event-id': eventId,
        'x-goroute-signature': `sha256=${sign(body, webhookSecrets.goroute)}`,
      },
    });
    expect(posted.status()).toBe(200);

    // The worker applies it; the page hears of it and renders again: state, timeline, identifiers.
    await expect(header).toContainText('delivered', { timeout: 15_000 });
    await expect(page.getByRole('list', { name: 'Timeline' })).toContainText('Delivered over Peppol');
    expect(await notReloaded(page)).toBe(true);
  });

  test('the first page of the documents list says how many new documents arrived, and shows them on request', async ({
    page,
  }) => {
    await page.goto('/documents');
    await page.locator('html[data-hydrated]').waitFor();
    await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
    await expect(page.getByRole('status', { name: /^Live updates: on/ })).toHaveText('Live');
    await expect(page.getByTestId('live-newer')).toHaveCount(0);
    const firstBefore = await page.locator('tbody tr').first().locator('a').first().getAttribute('href');
    await markNoReload(page);

    // A supplier PDF arrives, through the real intake code (e2e/lib/receive-document.ts, run by tsx: the app's
    // modules are ESM and read their environment when loaded).
    const db = await database();
    await db.pool.end();
    const id = execFileSync(
      'node_modules/.bin/tsx',
      ['e2e/lib/receive-document.ts', `INV-e2e-live-${randomUUID().slice(0, 8)}_clean.pdf`],
      {
        env: {
          ...process.env,
          DATABASE_URL: db.url,
          NEXTAUTH_SECRET: 'e2e-runner-does-not-sign-sessions-0123456789',
          LOG_LEVEL: 'warn',
        },
        encoding: 'utf8',
      },
    ).trim();
    expect(id).toMatch(/^[0-9a-f-]{36}$/);

    // The list does not move under its reader: the banner says so, and the first row stays where it was.
    const banner = page.getByTestId('live-newer');
    await expect(banner).toHaveText(/^\d+\+? new — show$/, { timeout: 10_000 });
    await expect(page.locator('tbody tr').first().locator('a').first()).toHaveAttribute('href', firstBefore!);
    await expect(page.locator(`a[href="/documents/${id}"]`)).toHaveCount(0);

    await banner.click();
    await expect(page.locator(`a[href="/documents/${id}"]`)).toBeVisible();
    await expect(banner).toHaveCount(0);
    expect(await notReloaded(page)).toBe(true);
  });
});

// What the console says is what is so (issue "Truthful status"): ignored filters are named, participant IDs match
// in any accepted form, a resolved alert says who resolved it, a reprocessed delivery's latency counts from the
// reprocess, and the shell answers favicon, missing pages and unknown API addresses properly.
import { createHmac, randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { webhookSecrets } from './env';
import { storageState } from './roles';

const sign = (body: string, secret: string) => createHmac('sha256', secret).update(body).digest('hex');

test.describe('lists and filters', () => {
  test.use({ storageState: storageState('support') });

  test('/documents?state=bogus lists every document and says the filter was ignored', async ({ page }) => {
    await page.goto('/documents?state=bogus');
    await expect(page.getByRole('status', { name: 'Ignored filters' })).toContainText(
      'Ignored filter state=bogus: not a known state',
    );
    // The form does not pretend a state was chosen, and the rows are the unfiltered list's.
    await expect(page.locator('select[name="state"]')).toHaveValue('');
    await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
    await expect(page.locator('tbody tr').first()).toBeVisible();
    await expect(page.getByText('Nothing here yet.')).toHaveCount(0);

    await page.goto('/documents?state=delivered');
    await expect(page.locator('select[name="state"]')).toHaveValue('delivered');
    await expect(page.getByRole('status', { name: 'Ignored filters' })).toHaveCount(0);
  });

  test('/transactions finds a participant in any accepted form, and names a bare identifier as ignored', async ({
    page,
  }) => {
    await page.goto('/transactions?direction=outbound');
    await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
    const receiver = (await page.locator('tbody tr').first().locator('td').nth(4).locator('div').innerText()).trim();
    // Stored in the one normal form: scheme:identifier, lower case.
    expect(receiver).toMatch(/^\d{4}:[^A-Z\s]+$/);

    await page.goto(
      `/transactions?${new URLSearchParams({ participant: `iso6523-actorid-upis::${receiver.toUpperCase()}` })}`,
    );
    await expect(page.locator('input[name="participant"]')).toHaveValue(receiver);
    await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
    const rows = page.locator('tbody tr');
    await expect(rows.first()).toBeVisible();
    for (const row of await rows.all()) await expect(row).toContainText(receiver);

    const bare = receiver.slice(5);
    await page.goto(`/transactions?${new URLSearchParams({ participant: bare })}`);
    await expect(page.getByRole('status', { name: 'Ignored filters' })).toContainText(
      `Ignored filter participant=${bare}: not a Peppol participant ID`,
    );
  });
});

test.describe('alerts', () => {
  test.use({ storageState: storageState('manager') });

  test('a resolved alert says who resolved it, and that its figures are from when it last held', async ({ page }) => {
    await page.goto('/alerts?status=resolved');
    const seeded = page
      .locator('tbody tr')
      .filter({ hasText: 'GoRoute send failure rate above 10 %' })
      .filter({ hasText: 'Resolved by support@example.test' });
    await expect(seeded.first()).toBeVisible();
    await expect(seeded.first()).toContainText('When it last held:');
    // Every resolved alert says who or why; none is left unexplained.
    for (const resolution of await page.getByTestId('alert-resolution').all()) {
      await expect(resolution).toContainText(
        /^Resolved (by \S+@\S+|automatically, the condition no longer holds: .+|\(who and why were not recorded)/,
      );
    }
  });
});

test.describe('reprocessing a webhook', () => {
  test.use({ storageState: storageState('support') });

  test('shows the latency of the reprocess, not the time since first receipt', async ({ page, request }) => {
    // A delivery about a transaction this hub does not hold: processed as unmatched, so it may be reprocessed.
    const eventId = `evt_e2e_${randomUUID()}`;
    const body = JSON.stringify({
      event: 'transaction.delivered',
      event_id: eventId,
      timestamp: new Date().toISOString(),
      organization_id: 'org_e2e',
      data: { transaction_id: `txn_e2e_${randomUUID()}`, status: 'delivered' },
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
    const { id } = (await posted.json()) as { id: string };

    await expect(async () => {
      await page.goto(`/webhooks/${id}`);
      await expect(page.getByRole('button', { name: 'Reprocess' })).toBeVisible({ timeout: 1000 });
    }).toPass({ timeout: 15_000 });
    // Let the first receipt age, so a latency counted from it could not pass for the reprocess's.
    await page.waitForTimeout(4000);
    await page.locator('html[data-hydrated]').waitFor();
    await page.getByRole('button', { name: 'Reprocess' }).click();
    await expect(page.getByText('Reprocess: done').first()).toBeVisible();

    let latency = '';
    await expect(async () => {
      await page.goto(`/webhooks/${id}`);
      latency = (await page.getByText(/reprocessed in \d+ ms/).innerText({ timeout: 1000 })).trim();
    }).toPass({ timeout: 15_000 });
    expect(Number(/reprocessed in (\d+) ms/.exec(latency)![1])).toBeLessThan(4000);
  });
});

test.describe('the shell', () => {
  test.use({ storageState: storageState('support') });

  test('serves a favicon, so no page logs a 404 for it', async ({ page, request }) => {
    const icon = await request.get('/favicon.ico');
    expect(icon.status()).toBe(200);
    expect(icon.headers()['content-type']).toMatch(/^image\//);
    const failed: string[] = [];
    page.on(
      'response',
      (r) => r.status() >= 400 && /icon/.test(new URL(r.url()).pathname) && failed.push(`${r.status()} ${r.url()}`),
    );
    await page.goto('/');
    await page.locator('html[data-hydrated]').waitFor();
    await expect(page.locator('link[rel="icon"]').first()).toHaveAttribute('href', /favicon\.ico/);
    expect(failed).toEqual([]);
  });

  test('a missing item is a 404 page with exactly one main landmark, inside the console and outside it', async ({
    page,
  }) => {
    const missing = await page.goto('/documents/00000000-0000-4000-8000-000000000000');
    expect(missing?.status()).toBe(404);
    await expect(page.getByRole('heading', { name: 'Not found', level: 1 })).toBeVisible();
    await expect(page.locator('main')).toHaveCount(1);

    const nowhere = await page.goto('/no-such-page');
    expect(nowhere?.status()).toBe(404);
    await expect(page.getByRole('heading', { name: 'Not found', level: 1 })).toBeVisible();
    await expect(page.locator('main')).toHaveCount(1);
  });

  test('an unknown /api address answers 404 JSON to any method and body, an empty multipart POST included', async ({
    request,
  }) => {
    const empty = await request.post('/api/no-such-route', {
      headers: { 'content-type': 'multipart/form-data; boundary=----e2e' },
      data: '',
    });
    expect(empty.status()).toBe(404);
    expect(await empty.json()).toEqual({ error: 'not found' });
    for (const method of ['GET', 'PUT', 'PATCH', 'DELETE']) {
      const res = await request.fetch('/api/v2/anything/else', { method });
      expect(res.status(), method).toBe(404);
    }
  });
});

test.describe('a page a role may not see', () => {
  test.use({ storageState: storageState('finance') });
  test('is a 403 page with exactly one main landmark', async ({ page }) => {
    const res = await page.goto('/settings');
    expect(res?.status()).toBe(403);
    await expect(page.getByRole('heading', { name: 'You do not have access to this page', level: 1 })).toBeVisible();
    await expect(page.locator('main')).toHaveCount(1);
  });
});

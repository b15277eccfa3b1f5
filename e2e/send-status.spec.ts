// The document page says what is so now (issue "Truthful status"): a send automation retries shows where it
// stands in the schedule, a send retried and on its way shows no error (the past one stays on the timeline),
// and a block is lifted only by the team that made it or an admin.
import { expect, test } from '@playwright/test';
import { storageState } from './roles';

test.describe('a failed send on its document page', () => {
  test.use({ storageState: storageState('support') });

  test('shows the retry schedule, and no error once a retry is on its way', async ({ page }) => {
    await page.goto('/failures?kind=retryable');
    await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
    await page.locator('tbody').first().locator('tr a').first().click();
    await expect(page).toHaveURL(/\/documents\/[0-9a-f-]{36}$/);
    await page.locator('html[data-hydrated]').waitFor();
    const banner = page.getByRole('region', { name: 'Last error' });
    await expect(banner).toBeVisible();
    const code = (await banner.locator('p.font-medium span.font-mono').innerText()).trim();
    await expect(page.getByTestId('next-retry')).toHaveText(
      /attempt \d+ of 13, next at \d{2}:\d{2}:\d{2} UTC, same idempotency key; gives up after about 6 h 9 min \(at .+ UTC\)/,
    );

    await page.getByRole('button', { name: 'Retry send' }).click();
    await expect(page.getByRole('region', { name: 'Notifications' })).toContainText('Retry: done');
    // The send is queued, then accepted: its earlier error is history, on the timeline, not a current problem.
    await expect(async () => {
      await page.reload();
      await expect(page.getByRole('list', { name: 'Timeline' })).toContainText('Accepted by GoRoute', {
        timeout: 1_000,
      });
    }).toPass({ timeout: 20_000 });
    await expect(banner).toHaveCount(0);
    await expect(page.getByRole('list', { name: 'Timeline' })).toContainText(code);
  });
});

test.describe('unblocking', () => {
  test.use({ storageState: storageState('support') });

  test('a block by support is lifted by support, not by finance', async ({ page, browser }) => {
    await page.goto('/documents?state=extraction_failed');
    await page.locator('tbody tr a').first().click();
    await expect(page).toHaveURL(/\/documents\/[0-9a-f-]{36}$/);
    const url = page.url();
    await page.locator('html[data-hydrated]').waitFor();
    await page.getByRole('button', { name: 'Block', exact: true }).click();
    await page.getByLabel('Reason for blocking').fill('Support hold: vendor asked to wait');
    await page.getByRole('button', { name: 'Block document' }).click();
    await expect(page.getByRole('region', { name: 'Notifications' })).toContainText('Block: done');

    const finance = await browser.newContext({ storageState: storageState('finance') });
    const financePage = await finance.newPage();
    await financePage.goto(url);
    await expect(financePage.getByRole('note')).toContainText('only support or an admin may unblock it');
    await expect(financePage.getByRole('button', { name: 'Unblock' })).toHaveCount(0);
    await finance.close();

    await page.reload();
    await page.locator('html[data-hydrated]').waitFor();
    await page.getByRole('button', { name: 'Unblock' }).click();
    await expect(page.getByRole('list', { name: 'Timeline' })).toContainText('Unblocked');
    await expect(page.getByRole('note')).toHaveCount(0);
  });
});

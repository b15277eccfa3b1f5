import { expect, test } from '@playwright/test';
import { storageState } from './roles';

test.describe('support tools', () => {
  test.use({ storageState: storageState('support') });

  test('looks up Peppol participants through GoRoute', async ({ page }) => {
    await page.goto('/transactions');
    await page.getByRole('link', { name: 'Participant lookup' }).click();
    await page.locator('html[data-hydrated]').waitFor();
    await page.getByLabel('Peppol ID').fill('0208:0790123495');
    await page.getByRole('button', { name: 'Look up' }).click();
    await expect(page.getByRole('main').getByRole('status')).toContainText('is registered in the Peppol network');
    await page.getByLabel('Peppol ID').fill('0088:5445899843836');
    await page.getByRole('button', { name: 'Look up' }).click();
    await expect(page.getByRole('main').getByRole('status')).toContainText('not registered');
    await page.getByLabel('Peppol ID').fill('not-an-id');
    await page.getByRole('button', { name: 'Look up' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'scheme:identifier' })).toBeVisible();
  });

  test('reprocesses a delivery that matched nothing', async ({ page }) => {
    await page.goto('/webhooks?result=unmatched');
    const row = page.locator('tbody tr').first();
    await row.getByRole('link').first().click();
    await expect(page).toHaveURL(/\/webhooks\/[0-9a-f-]{36}$/);
    await page.locator('html[data-hydrated]').waitFor();
    const id = page.url().split('/').pop()!;
    await page.getByRole('button', { name: 'Reprocess' }).click();
    // The server confirms it queued the delivery again. (Not "the button is gone": the worker, applying deliveries
    // in batches, may already have processed it anew — unmatched again, with its button back — before the check.)
    await expect(page.getByText('Reprocess: done').first()).toBeVisible();
    await page.goto(`/audit?action=webhook.reprocess&targetId=${id}`);
    await expect(page.locator('tbody tr').first()).toContainText('support@example.test');
    await expect(page.locator('tbody tr').first()).toContainText('webhook.reprocess');
  });
});

test.describe('finance', () => {
  test.use({ storageState: storageState('finance') });

  test('cannot open the participant lookup', async ({ page }) => {
    const res = await page.goto('/transactions/lookup');
    expect(res?.status()).toBe(403);
  });
});

test.describe('bulk retry', () => {
  test.use({ storageState: storageState('support') });

  test('previews the count, asks to confirm, and shows progress', async ({ page }) => {
    await page.goto('/failures?category=server');
    await page.locator('html[data-hydrated]').waitFor();
    const button = page.getByRole('button', { name: /^Retry \d+ retryable send/ });
    await expect(button).toBeVisible();
    await button.click();
    const ask = page.getByRole('alertdialog', { name: /^Retry \d+ failed sends? now\?$/ });
    await ask.getByRole('button', { name: /^Retry \d+ failed sends?$/ }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Bulk retry:' })).toBeVisible();
    await expect(page.getByRole('progressbar', { name: 'Bulk retry progress' })).toBeVisible();
  });
});

test.describe('managers and bulk retry', () => {
  test.use({ storageState: storageState('manager') });

  test('see failures but no retry button', async ({ page }) => {
    await page.goto('/failures');
    await expect(page.getByRole('heading', { name: 'Failures' })).toBeVisible();
    await expect(page.getByRole('button', { name: /Retry/ })).toHaveCount(0);
  });
});

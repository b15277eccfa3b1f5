import { expect, test } from '@playwright/test';
import { storageState } from './roles';

test.describe('support tools', () => {
  test.use({ storageState: storageState('support') });

  test('looks up Peppol participants through GoRoute', async ({ page }) => {
    await page.goto('/transactions');
    await page.getByRole('link', { name: 'Participant lookup' }).click();
    await page.waitForLoadState('networkidle');
    await page.getByLabel('Peppol ID').fill('0208:0790123495');
    await page.getByRole('button', { name: 'Look up' }).click();
    await expect(page.getByRole('status')).toContainText('is registered in the Peppol network');
    await page.getByLabel('Peppol ID').fill('0088:5445899843836');
    await page.getByRole('button', { name: 'Look up' }).click();
    await expect(page.getByRole('status')).toContainText('not registered');
    await page.getByLabel('Peppol ID').fill('not-an-id');
    await page.getByRole('button', { name: 'Look up' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'scheme:identifier' })).toBeVisible();
  });

  test('reprocesses a delivery that matched nothing', async ({ page }) => {
    await page.goto('/webhooks?result=unmatched');
    const row = page.locator('tbody tr').first();
    await row.getByRole('link').first().click();
    // Client buttons work once the page has hydrated.
    await page.waitForLoadState('networkidle');
    await page.getByRole('button', { name: 'Reprocess' }).click();
    await expect(page.getByRole('status')).toContainText('Reprocess: done');
  });
});

test.describe('finance', () => {
  test.use({ storageState: storageState('finance') });

  test('cannot open the participant lookup', async ({ page }) => {
    const res = await page.goto('/transactions/lookup');
    expect(res?.status()).toBe(403);
  });
});

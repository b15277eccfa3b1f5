import { expect, test } from '@playwright/test';
import { storageState } from './roles';

test.describe('support on the alerts page', () => {
  test.use({ storageState: storageState('support') });

  test('acknowledges an open alert and resolves one; both land in the audit log', async ({ page }) => {
    // The rule evaluator runs every minute and may change statuses meanwhile, so each step checks its own outcome.
    await page.goto('/alerts?status=open');
    await page.locator('html[data-hydrated]').waitFor();
    await page.getByRole('button', { name: 'Acknowledge' }).first().click();
    await expect(page.getByRole('region', { name: 'Notifications' })).toContainText('Acknowledge: done');
    await page.goto('/audit?action=alert.acknowledge&actor=support@example.test');
    await expect(page.locator('tbody tr').first()).toContainText('acknowledged');

    await page.goto('/alerts');
    await page.locator('html[data-hydrated]').waitFor();
    await page.getByRole('button', { name: 'Resolve' }).first().click();
    // Resolving asks first, in an alert dialog named by its question; its confirming button says what it does.
    const ask = page.getByRole('alertdialog', { name: 'Resolve this alert?' });
    await ask.getByRole('button', { name: 'Resolve alert', exact: true }).click();
    await expect(ask).toHaveCount(0);
    await expect(page.getByRole('region', { name: 'Notifications' })).toContainText('Resolve: done');
    await page.goto('/audit?action=alert.resolve&actor=support@example.test');
    await expect(page.locator('tbody tr').first()).toContainText('resolved');
  });
});

test.describe('manager on the alerts page', () => {
  test.use({ storageState: storageState('manager') });

  test('sees alerts and channels but no action', async ({ page }) => {
    await page.goto('/alerts?status=all');
    await expect(page.locator('tbody tr').first()).toBeVisible();
    await expect(page.getByRole('button', { name: /Acknowledge|Resolve/ })).toHaveCount(0);
  });
});

import { expect, test } from '@playwright/test';
import { storageState } from './roles';

test.describe('manager on the go-live page', () => {
  test.use({ storageState: storageState('manager') });

  test('sees the key figures and every chart drawn from live data', async ({ page }) => {
    await page.goto('/?range=7d');
    await expect(
      page.getByRole('navigation', { name: 'Range' }).getByRole('link', { name: '7d', exact: true }),
    ).toHaveAttribute('aria-current', 'true');
    const figures = page.getByLabel('Key figures');
    await expect(figures).toContainText('Delivery success (7d)');
    await expect(figures).toContainText('%');
    for (const title of [
      'Sends by status',
      'Success rates',
      'Webhook deliveries',
      'Failures by category',
      'Validation errors by rule',
    ]) {
      const chart = page.getByRole('figure', { name: title });
      await expect(chart.locator('svg.recharts-surface').first()).toBeVisible();
    }
    // Drawn, not just framed: bars for the demo sends and webhooks, a line for the rates.
    await expect(
      page
        .getByRole('figure', { name: 'Sends by status' })
        .locator('.recharts-bar-rectangle path, .recharts-rectangle')
        .first(),
    ).toBeVisible();
    await expect(
      page
        .getByRole('figure', { name: 'Webhook deliveries' })
        .locator('.recharts-bar-rectangle path, .recharts-rectangle')
        .first(),
    ).toBeVisible();
    await expect(
      page.getByRole('figure', { name: 'Success rates' }).locator('path.recharts-curve').first(),
    ).toBeVisible();
    await expect(page.getByRole('table').filter({ hasText: 'Provider and operation' })).toContainText(
      'goroute documents.send',
    );
  });

  test('sees both checklists with a status per item and cannot tick manual ones', async ({ page }) => {
    await page.goto('/');
    const checklist = page.getByRole('region', { name: 'Readiness checklist' });
    await expect(checklist).toContainText('GoRoute');
    await expect(checklist).toContainText('exdata');
    for (const status of ['pass', 'manual'])
      await expect(checklist.locator(`[data-status="${status}"]`).first()).toBeVisible();
    await expect(checklist.getByRole('button', { name: /Mark (not )?done/ })).toHaveCount(0);
  });

  test('cannot open or change settings', async ({ page }) => {
    const res = await page.goto('/settings');
    expect(res?.status()).toBe(403);
    await expect(page.getByRole('button', { name: /Save/ })).toHaveCount(0);
  });
});

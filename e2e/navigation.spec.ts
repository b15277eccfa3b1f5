import { expect, test } from '@playwright/test';
import { storageState, type Role } from './roles';

const sections: Record<Role, string[]> = {
  admin: ['Go-live', 'Alerts', 'Documents', 'Transactions', 'Failures', 'Webhooks', 'Review', 'Audit', 'Settings'],
  support: ['Go-live', 'Alerts', 'Documents', 'Transactions', 'Failures', 'Webhooks', 'Audit'],
  finance: ['Go-live', 'Alerts', 'Documents', 'Transactions', 'Review'],
  manager: ['Go-live', 'Alerts', 'Documents', 'Transactions', 'Failures', 'Webhooks', 'Review', 'Audit'],
};

for (const [role, expected] of Object.entries(sections) as [Role, string[]][]) {
  test.describe(`${role} navigation`, () => {
    test.use({ storageState: storageState(role) });

    test('shows exactly the sections the role may use', async ({ page }) => {
      await page.goto('/');
      const nav = page.getByRole('navigation', { name: 'Console' });
      await expect(nav.getByRole('link')).toHaveText(expected);
    });
  });
}

test.describe('server-side refusal', () => {
  test.use({ storageState: storageState('finance') });

  test('a finance user typing /settings gets a 403 page, not the settings', async ({ page }) => {
    const response = await page.goto('/settings');
    expect(response?.status()).toBe(403);
    await expect(page.getByRole('heading', { name: 'You do not have access to this page' })).toBeVisible();
    await expect(page.getByText('GOROUTE_API_KEY_TEST')).toHaveCount(0);
  });
});

test.describe('seeded console', () => {
  test.use({ storageState: storageState('admin') });

  test('every section renders its demo data', async ({ page }) => {
    for (const [path, heading] of [
      ['/documents', 'Documents'],
      ['/transactions', 'Transactions'],
      ['/failures', 'Failures'],
      ['/webhooks', 'Webhooks'],
      ['/review', 'Review'],
      ['/audit', 'Audit'],
      ['/settings', 'Settings'],
    ] as const) {
      await page.goto(path);
      await expect(page.getByRole('heading', { name: heading, level: 1 })).toBeVisible();
      await expect(page.getByRole('row')).not.toHaveCount(1);
      await expect(page.getByText('Nothing here yet.')).toHaveCount(0);
    }
  });

  test('filters live in the URL and page with keyset cursors', async ({ page }) => {
    await page.goto('/documents?state=delivered');
    const rows = page.locator('tbody tr');
    await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
    await expect(rows.first()).toBeVisible();
    for (const row of await rows.all()) await expect(row).toContainText('delivered');
    await page.goto('/documents');
    await page.getByRole('link', { name: 'Older →' }).click();
    await expect(page).toHaveURL(/after=/);
    await expect(page.getByRole('link', { name: 'Newest' })).toBeVisible();
  });

  test('every section fits a 1280 × 720 laptop screen without sideways scrolling', async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 720 });
    for (const path of [
      '/',
      '/alerts',
      '/documents',
      '/documents?view=pending',
      '/transactions',
      '/failures',
      '/webhooks',
      '/review',
      '/audit',
      '/settings',
    ]) {
      await page.goto(path);
      await expect(page.locator('h1')).toBeVisible();
      await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
      const [scroll, client] = await page.evaluate(() => [
        document.documentElement.scrollWidth,
        document.documentElement.clientWidth,
      ]);
      expect(scroll, `${path} scrolls sideways`).toBeLessThanOrEqual(client);
    }
  });

  test('settings show provider keys masked, never in full', async ({ page }) => {
    await page.goto('/settings');
    await expect(page.getByText('GOROUTE_API_KEY_TEST')).toBeVisible();
  });
});

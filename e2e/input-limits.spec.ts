import { expect, test } from '@playwright/test';
import { storageState } from './roles';

test.describe('admin typing values the console refuses', () => {
  test.use({ storageState: storageState('admin') });

  test('gets an error beside the field for a huge pending window and for a reason with a direction override', async ({
    page,
  }) => {
    await page.goto('/settings');
    await page.locator('html[data-hydrated]').waitFor();
    const windows = page.getByRole('form', { name: 'Pending windows' });
    await windows.getByLabel('exdata pending (minutes)').fill('99999999999');
    await windows.getByRole('button', { name: 'Save pending windows' }).click();
    await expect(windows.getByText('Must be at most 10080 minutes (7 days)')).toBeVisible();
    await expect(windows.getByLabel('exdata pending (minutes)')).toHaveAttribute('aria-invalid', 'true');
    await page.reload();
    await expect(
      page.getByRole('form', { name: 'Pending windows' }).getByLabel('exdata pending (minutes)'),
    ).not.toHaveValue('99999999999');

    await page.goto('/documents?state=extraction_failed');
    await page.locator('tbody tr a').first().click();
    await expect(page).toHaveURL(/\/documents\/[0-9a-f-]{36}$/);
    await page.locator('html[data-hydrated]').waitFor();
    await page.getByRole('button', { name: 'Block', exact: true }).click();
    // U+202E turns the rest of the line around on screen: "Paid twice, refund" would read as something else.
    await page.getByLabel('Reason for blocking').fill('Paid \u202Ednufer ,eciwt');
    await page.getByRole('button', { name: 'Block document' }).click();
    await expect(page.getByText(/Contains invisible direction-control characters/)).toBeVisible();
    await expect(page.getByLabel('Reason for blocking')).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByRole('note')).toHaveCount(0);
  });
});

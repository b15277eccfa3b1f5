import { expect, test, type Page } from '@playwright/test';
import { storageState } from './roles';

/** Opens the oldest document waiting for review and returns its id. */
async function openNext(page: Page) {
  await page.goto('/review/next');
  await expect(page).toHaveURL(/\/review\/[0-9a-f-]{36}$/);
  return page.url().split('/').pop()!;
}

test.describe('finance reviews from the keyboard', () => {
  test.use({ storageState: storageState('finance') });

  test('picks candidates with digits, approves with a, and lands on the next document', async ({ page }) => {
    const id = await openNext(page);
    await expect(page.getByTestId('claim-held')).toBeVisible();
    const fields = page.locator('[data-testid^="review-field-"]');
    const count = await fields.count();
    expect(count).toBeGreaterThan(0);
    for (let i = 0; i < count; i++) {
      await page.keyboard.press('1');
      if (i < count - 1) await page.keyboard.press('j');
    }
    await expect(fields.nth(count - 1)).toHaveAttribute('aria-current', 'true');
    await page.keyboard.press('a');
    await expect(page).not.toHaveURL(new RegExp(`/review/${id}$`));
    await page.goto(`/review/${id}`);
    // By now the worker may already be sending it; either way it has left the queue.
    await expect(page.getByText(/not waiting for review/)).toBeVisible();
  });

  test('shows the keyboard help with ?', async ({ page }) => {
    await openNext(page);
    // The shortcuts listen once the page is interactive, which the claim notice shows.
    await expect(page.getByTestId('claim-held')).toBeVisible();
    await page.keyboard.press('?');
    await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
  });
});

test.describe('two reviewers on one document', () => {
  test('the second sees who holds it and cannot act', async ({ browser }) => {
    const finance = await browser.newContext({ storageState: storageState('finance') });
    const admin = await browser.newContext({ storageState: storageState('admin') });
    const first = await finance.newPage();
    const id = await openNext(first);
    await expect(first.getByTestId('claim-held')).toBeVisible();
    const second = await admin.newPage();
    await second.goto(`/review/${id}`);
    await expect(second.getByTestId('claim-refused')).toContainText('Fien Finance is reviewing this document');
    await expect(second.getByRole('button', { name: 'Approve (a)' })).toBeDisabled();
    await finance.close();
    await admin.close();
  });
});

test.describe('managers', () => {
  test.use({ storageState: storageState('manager') });

  test('read the review screen without any action button', async ({ page }) => {
    await page.goto('/review');
    await page.locator('tbody tr a').first().click();
    await expect(page.getByRole('heading', { name: /^Review / })).toBeVisible();
    await expect(page.getByRole('button', { name: /Approve|Block/ })).toHaveCount(0);
  });
});

import { expect, test } from '@playwright/test';
import { storageState } from './roles';

test.describe('keyboard (admin)', () => {
  test.use({ storageState: storageState('admin') });

  test('g then a letter goes to a page, / focuses search, ? lists the keys', async ({ page }) => {
    await page.goto('/');
    await page.locator('html[data-hydrated]').waitFor();
    await expect(page.getByRole('heading', { name: 'Go-live' })).toBeVisible();
    await page.keyboard.press('g');
    await page.keyboard.press('d');
    await expect(page).toHaveURL(/\/documents$/);
    await page.keyboard.press('g');
    await page.keyboard.press('f');
    await expect(page).toHaveURL(/\/failures$/);

    await page.keyboard.press('/');
    await expect(page.getByRole('searchbox', { name: 'Find by any ID' })).toBeFocused();
    // Typed into the search field, `g` is a letter, not a shortcut.
    await page.keyboard.type('gd');
    await expect(page).toHaveURL(/\/failures$/);
    await page.getByRole('searchbox', { name: 'Find by any ID' }).blur();

    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await expect(help).toBeVisible();
    await expect(help).toContainText('Go to Webhooks');
    await page.keyboard.press('Escape');
    await expect(help).toBeHidden();
  });

  test('the command palette finds pages, actions and any ID', async ({ page }) => {
    await page.goto('/documents');
    await page.locator('html[data-hydrated]').waitFor();
    await page.keyboard.press('Control+k');
    const palette = page.getByRole('dialog', { name: 'Command palette' });
    await expect(palette).toBeVisible();
    await page.keyboard.type('webh');
    await expect(palette.getByRole('option', { name: /Webhooks/ }).first()).toBeVisible();
    await page.keyboard.press('Control+a');
    await page.keyboard.type('pending too long');
    await expect(palette.getByRole('option', { name: 'Documents pending too long' })).toBeVisible();
    await palette.getByRole('option', { name: 'Documents pending too long' }).click();
    await expect(page).toHaveURL(/\/documents\?view=pending$/);

    await page.keyboard.press('Control+k');
    await page.keyboard.type('no-such-id-42');
    await expect(palette.getByRole('option', { name: /Find “no-such-id-42”/ })).toBeVisible();
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/\/search\?q=no-such-id-42$/);
  });
});

test.describe('keyboard (finance)', () => {
  test.use({ storageState: storageState('finance') });

  test('offers only the pages the role may open', async ({ page }) => {
    await page.goto('/documents');
    await page.locator('html[data-hydrated]').waitFor();
    await expect(page.getByRole('heading', { name: 'Documents' })).toBeVisible();
    await page.keyboard.press('g');
    await page.keyboard.press('f');
    await expect(page).toHaveURL(/\/documents$/);
    await page.keyboard.press('g');
    await page.keyboard.press('r');
    await expect(page).toHaveURL(/\/review$/);
    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await expect(help).toContainText('Go to Review');
    await expect(help).not.toContainText('Go to Failures');
  });
});

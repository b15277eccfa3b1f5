import { expect, test, type Page } from '@playwright/test';
import { storageState } from './roles';

test.use({ storageState: storageState('support') });

async function search(page: Page, id: string) {
  await page.getByRole('searchbox', { name: 'Find by any ID' }).fill(id);
  await page.keyboard.press('Enter');
}

test.describe('search by any ID from the shell', () => {
  test('finds a document by its source ID, exdata ID and invoice number', async ({ page }) => {
    await page.goto('/documents?state=delivered');
    // Rows stream in behind a skeleton: read them once it is gone.
    await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
    const row = page.locator('tbody tr').first();
    const [sourceId, exdataId, invoice] = await Promise.all([
      row.locator('td').nth(0).innerText(),
      row.locator('td').nth(1).innerText(),
      row.locator('td').nth(3).innerText(),
    ]);
    for (const id of [sourceId, exdataId, invoice]) {
      await search(page, id.trim());
      await expect(page).toHaveURL(/\/documents\/[0-9a-f-]{36}$/);
      await expect(page.getByText(sourceId.trim(), { exact: true })).toBeVisible();
    }
  });

  test('finds an inbound transaction by its GoRoute ID and a webhook by its delivery ID', async ({ page }) => {
    await page.goto('/transactions?direction=inbound');
    // Rows stream in behind a skeleton: read them once it is gone.
    await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
    const gorouteId = (await page.locator('tbody tr').first().locator('td').first().innerText()).trim();
    await search(page, gorouteId);
    await expect(page).toHaveURL(/\/transactions\/[0-9a-f-]{36}$/);
    await expect(page.getByText(gorouteId, { exact: true })).toBeVisible();

    await page.goto('/webhooks?provider=goroute');
    // Rows stream in behind a skeleton: read them once it is gone.
    await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
    const genuine = page
      .locator('tbody tr')
      .filter({ has: page.getByText('valid', { exact: true }) })
      .first();
    const deliveryId = (await genuine.locator('td').nth(3).innerText()).trim();
    await search(page, deliveryId);
    await expect(page).toHaveURL(/\/webhooks\/[0-9a-f-]{36}$/);
    await expect(page.getByRole('heading', { name: 'Body' })).toBeVisible();
  });

  test('finds a document by a provider request ID, and lists every send to a participant', async ({ page }) => {
    await page.goto('/documents?state=delivered');
    // Rows stream in behind a skeleton: read them once it is gone.
    await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
    await page.locator('tbody tr a').first().click();
    await expect(page).toHaveURL(/\/documents\/[0-9a-f-]{36}$/);
    const documentUrl = page.url();
    const requestId = (
      await page
        .getByRole('button', { name: 'Copy Request ID 1' })
        .locator('xpath=preceding-sibling::span[1]')
        .innerText()
    ).trim();
    await search(page, requestId);
    await expect(page).toHaveURL(documentUrl);

    await page.goto('/transactions?direction=outbound&status=delivered');
    // Rows stream in behind a skeleton: read them once it is gone.
    await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
    const receiver = (await page.locator('tbody tr').first().locator('td').nth(4).locator('div').innerText()).trim();
    await search(page, receiver);
    // Several sends go to one participant: a list of hits, each saying what matched (or the one item itself).
    await expect(page.locator('main').getByText(receiver, { exact: true }).first()).toBeVisible();
  });

  test('says clearly when nothing matches', async ({ page }) => {
    await page.goto('/');
    await search(page, 'doc_does_not_exist');
    await expect(page.getByText('Nothing has the ID')).toBeVisible();
  });
});

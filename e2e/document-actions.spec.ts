import { expect, test } from '@playwright/test';
import { storageState } from './roles';

test.describe('support on a document page', () => {
  test.use({ storageState: storageState('support') });

  test('blocks with a reason and unblocks, each step on the timeline', async ({ page }) => {
    await page.goto('/documents?state=approved');
    await page.locator('tbody tr a').first().click();
    await expect(page).toHaveURL(/\/documents\/[0-9a-f-]{36}$/);
    await page.locator('html[data-hydrated]').waitFor();
    await page.getByRole('button', { name: 'Block', exact: true }).click();
    await page.getByLabel('Reason for blocking').fill('Vendor called: hold until the new bank letter arrives');
    await page.getByRole('button', { name: 'Block document' }).click();
    await expect(page.getByRole('region', { name: 'Notifications' })).toContainText('Block: done');
    await expect(page.getByRole('note')).toContainText('Vendor called: hold until the new bank letter arrives');
    await expect(page.getByRole('list', { name: 'Timeline' })).toContainText('Blocked: Vendor called');
    await page.getByRole('button', { name: 'Unblock' }).click();
    await expect(page.getByRole('list', { name: 'Timeline' })).toContainText('Unblocked');
    await expect(page.getByRole('note')).toHaveCount(0);
    // The audit log shows what the block changed as before → after, not two JSON blobs.
    const id = page.url().split('/').pop()!;
    await page.goto(`/audit?action=document.block&targetId=${id}`);
    const row = page.locator('tbody tr').first();
    await expect(row.locator('del')).toHaveText('approved');
    await expect(row.locator('ins')).toHaveText(['blocked', 'Vendor called: hold until the new bank letter arrives']);
  });

  test('copies IDs and sees the provider error of a dead-lettered send', async ({ page }) => {
    await page.goto('/documents?state=dead_letter');
    await page.locator('tbody tr a').first().click();
    await expect(page.getByRole('region', { name: 'Last error' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Copy Local source ID' })).toBeVisible();
  });
});

test.describe('managers on a document page', () => {
  test.use({ storageState: storageState('manager') });

  test('see the document but no action at all', async ({ page }) => {
    await page.goto('/documents?state=send_failed');
    await page.locator('tbody tr a').first().click();
    await expect(page.getByRole('region', { name: 'Identifiers' })).toBeVisible();
    await expect(page.getByRole('region', { name: 'Actions' })).toHaveCount(0);
    await expect(page.getByRole('button', { name: /Retry|Block|Unblock|Upload again/ })).toHaveCount(0);
  });
});

test.describe('pending too long', () => {
  test.use({ storageState: storageState('support') });

  test('lists what waits on a provider past its window, in age buckets', async ({ page }) => {
    await page.goto('/documents?view=pending');
    await expect(page.getByRole('heading', { name: 'Pending too long' })).toBeVisible();
    await expect(page.getByLabel('Age buckets')).toContainText('over 1 day');
    await expect(page.getByRole('heading', { name: /exdata: pending longer than 15 min/ })).toBeVisible();
  });
});

test.describe('failures', () => {
  test.use({ storageState: storageState('support') });

  test('group by category and filter to the dead-letter queue', async ({ page }) => {
    await page.goto('/failures');
    await page.getByLabel('Failures by category').getByRole('link').first().click();
    await expect(page).toHaveURL(/category=/);
    await page.goto('/failures?kind=dead_letter');
    const rows = page.locator('tbody').first().locator('tr');
    await expect(rows.first()).toBeVisible();
    for (const row of await rows.all()) await expect(row).toContainText('dead-letter');
  });
});

test.describe('fix and resend', () => {
  test.use({ storageState: storageState('support') });

  test('corrects an unknown receiver and sends again', async ({ page }) => {
    await page.goto('/failures?category=not_found');
    await page.locator('tbody').first().locator('tr a').first().click();
    await page.locator('html[data-hydrated]').waitFor();
    await page.getByText('Fix and resend').click();
    await page.getByLabel('recipient_peppol_id').fill('0208:12');
    await page.getByRole('button', { name: 'Save and resend' }).click();
    await expect(page.getByText('Not a valid identifier for scheme 0208')).toBeVisible();
    await page.getByLabel('recipient_peppol_id').fill('0208:0790123495');
    await page.getByRole('button', { name: 'Save and resend' }).click();
    await expect(page.getByRole('status')).toContainText('Resent');
    await page.reload();
    await expect(page.getByRole('list', { name: 'Timeline' })).toContainText('Fixed and resent (recipient_peppol_id)');
  });
});

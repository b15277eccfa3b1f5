import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { storageState } from './roles';

test.describe('CSV export', () => {
  test.use({ storageState: storageState('support') });

  test('downloads the filtered list as CSV', async ({ page }) => {
    await page.goto('/documents?state=delivered');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Export CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^invoice-ops-documents-.*\.csv$/);
    const lines = (await readFile((await download.path())!, 'utf8')).trim().split('\r\n');
    expect(lines[0]).toContain('sourceId');
    expect(lines.length).toBeGreaterThan(10);
    for (const line of lines.slice(1)) expect(line).toContain(',delivered,');
  });
});

test.describe('export permissions', () => {
  test('anonymous gets 401, and finance cannot export webhooks', async ({ browser, request }) => {
    expect((await request.get('/api/export/documents')).status()).toBe(401);
    const finance = await browser.newContext({ storageState: storageState('finance') });
    expect((await finance.request.get('/api/export/webhooks')).status()).toBe(403);
    expect((await finance.request.get('/api/export/documents')).status()).toBe(200);
    await finance.close();
  });
});

import { expect, test } from '@playwright/test';
import { storageState } from './roles';

test('a manager replaying a captured server-action POST is refused and nothing changes', async ({ browser }) => {
  // Capture the real "block" action request as support, with a reason the server rejects (no change made).
  const support = await browser.newContext({ storageState: storageState('support') });
  const page = await support.newPage();
  await page.goto('/documents?state=extraction_failed');
  await page.locator('tbody tr a').first().click();
  await expect(page).toHaveURL(/\/documents\/[0-9a-f-]{36}$/);
  const documentUrl = page.url();
  await page.locator('html[data-hydrated]').waitFor();
  await page.getByRole('button', { name: 'Block', exact: true }).click();
  await page.getByLabel('Reason for blocking').fill('x');
  const [request] = await Promise.all([
    page.waitForRequest((r) => r.method() === 'POST' && Boolean(r.headers()['next-action'])),
    page.getByRole('button', { name: 'Block document' }).click(),
  ]);
  // The form's refusal (role=alert), not Next's empty route announcer, which has the same role.
  await expect(page.getByRole('alert').filter({ hasText: 'Say why the document is blocked' })).toBeVisible();
  const actionId = request.headers()['next-action']!;
  const body = request.postData()!.replace('"x"', '"forged by a manager"');
  await support.close();

  // Replay it with a manager's session: the server checks the role itself.
  const manager = await browser.newContext({ storageState: storageState('manager') });
  const response = await manager.request.post(documentUrl, {
    headers: {
      'next-action': actionId,
      'content-type': request.headers()['content-type'] ?? 'text/plain;charset=UTF-8',
      accept: 'text/x-component',
    },
    data: body,
  });
  expect(await response.text()).toContain('Your role does not allow this.');
  const check = await manager.newPage();
  await check.goto(documentUrl);
  await expect(check.getByRole('note')).toHaveCount(0);
  await expect(check.getByRole('list', { name: 'Timeline' })).not.toContainText('forged by a manager');
  await manager.close();
});

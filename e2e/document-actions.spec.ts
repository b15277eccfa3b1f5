import { expect, test } from '@playwright/test';
import { sandboxControl } from './env';
import { storageState } from './roles';

test.describe('support on a document page', () => {
  test.use({ storageState: storageState('support') });

  test('blocks with a reason and unblocks, each step on the timeline', async ({ page }) => {
    await page.goto('/documents?state=extraction_failed');
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
    await expect(row.locator('del')).toHaveText('extraction_failed');
    await expect(row.locator('ins')).toHaveText(['blocked', 'Vendor called: hold until the new bank letter arrives']);
  });

  test('block stops a retry already on its way: the late answer does not unblock it and no retry follows', async ({
    page,
    request,
  }) => {
    test.setTimeout(60_000);
    // GoRoute answers the next send slowly, with a 503, so the retry is still in flight when support blocks.
    await page.goto('/failures?kind=retryable');
    await page.locator('tbody tr a').first().click();
    await expect(page).toHaveURL(/\/documents\/[0-9a-f-]{36}$/);
    await page.locator('html[data-hydrated]').waitFor();
    const key = (await page
      .getByText('Send idempotency key')
      .locator('xpath=following-sibling::dd[1]/span')
      .first()
      .textContent())!;
    // Aimed at this send's key: other sends running meanwhile (scheduled retries of the demo data) go through.
    await request.delete(`${sandboxControl}/faults`);
    await request.post(`${sandboxControl}/faults`, {
      data: {
        provider: 'goroute',
        path: '/api/v1/send',
        method: 'POST',
        idempotencyKey: key,
        status: 503,
        latencyMs: 2500,
        times: 1,
      },
    });
    await page.getByRole('button', { name: 'Retry send' }).click();
    await expect(page.getByRole('region', { name: 'Notifications' })).toContainText('Retry: done');
    // The worker's send has reached GoRoute (the one-shot fault is used up) and waits for its answer.
    await expect
      .poll(
        async () =>
          ((await (await request.get(`${sandboxControl}/faults`)).json()) as { faults: unknown[] }).faults.length,
        { timeout: 15_000 },
      )
      .toBe(0);
    await page.getByRole('button', { name: 'Block', exact: true }).click();
    await page.getByLabel('Reason for blocking').fill('Duplicate of an invoice paid by hand');
    await page.getByRole('button', { name: 'Block document' }).click();
    await expect(page.getByRole('region', { name: 'Notifications' })).toContainText('Block: done');
    // The 503 lands after the block: recorded, but the document stays blocked and nothing is rescheduled.
    await expect(async () => {
      await page.reload();
      await expect(page.getByRole('list', { name: 'Timeline' })).toContainText('no retry while blocked', {
        timeout: 1_000,
      });
    }).toPass({ timeout: 15_000 });
    await expect(page.getByRole('note')).toContainText('Duplicate of an invoice paid by hand');
    await expect(page.getByTestId('retry-held')).toBeVisible();
    await expect(page.getByTestId('next-retry')).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Retry send' })).toHaveCount(0);
    const sent = (
      (await (await request.get(`${sandboxControl}/goroute/transactions`)).json()) as {
        transactions: { idempotency_key: string }[];
      }
    ).transactions;
    expect(sent.filter((t) => t.idempotency_key === key)).toHaveLength(0);
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
    // Rows stream in behind a skeleton; read them once it is gone.
    await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
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
    await page.getByText('Fix and resend', { exact: true }).click();
    await page.getByLabel('recipient_peppol_id').fill('0208:12');
    await page.getByRole('button', { name: 'Save and resend' }).click();
    await expect(page.getByText('Not a valid identifier for scheme 0208')).toBeVisible();
    // A gross amount that no longer matches the VAT breakdown: GoRoute's validation names the rule, nothing is sent,
    // and what was typed stays in the form.
    const gross = await page.getByLabel('gross_amount').inputValue();
    const wrong = gross === '1.00' ? '2.00' : '1.00';
    await page.getByLabel('recipient_peppol_id').fill('0208:0790123495');
    await page.getByLabel('gross_amount').fill(wrong);
    await page.getByRole('button', { name: 'Save and resend' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'validation still fails' })).toContainText(
      'Nothing was saved or sent',
    );
    await expect(page.getByRole('list', { name: 'Validation errors' })).toContainText('BR-CO-15');
    await expect(page.getByLabel('gross_amount')).toHaveValue(wrong);
    await expect(page.getByLabel('recipient_peppol_id')).toHaveValue('0208:0790123495');
    await page.getByLabel('gross_amount').fill(gross);
    await page.getByRole('button', { name: 'Save and resend' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'queued' })).toContainText(
      'Validated by GoRoute and queued for sending',
    );
    await page.reload();
    await expect(page.getByRole('list', { name: 'Timeline' })).toContainText('Fixed and resent (recipient_peppol_id)');
  });
});

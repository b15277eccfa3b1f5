import { createHmac, randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { webhookSecrets } from './env';
import { storageState } from './roles';

const sign = (body: string, secret: string) => createHmac('sha256', secret).update(body).digest('hex');

test.describe('webhook receivers on the running app', () => {
  test('accept a signed GoRoute delivery once and count the duplicate', async ({ request }) => {
    const eventId = `evt_e2e_${randomUUID()}`;
    const body = JSON.stringify({
      event: 'participant.updated',
      event_id: eventId,
      timestamp: new Date().toISOString(),
      organization_id: 'org_e2e',
      data: {},
    });
    const headers = {
      'content-type': 'application/json',
      'x-goroute-event-id': eventId,
      'x-goroute-signature': `sha256=${sign(body, webhookSecrets.goroute)}`,
    };
    const first = await request.post('/api/webhooks/goroute', { data: body, headers });
    expect(first.status()).toBe(200);
    expect(await first.json()).toMatchObject({ received: true, duplicate: false });
    const again = await request.post('/api/webhooks/goroute', { data: body, headers });
    expect(again.status()).toBe(200);
    expect(await again.json()).toMatchObject({ duplicate: true });
  });

  test('refuse unsigned, forged and stale exdata deliveries with 401', async ({ request }) => {
    const body = JSON.stringify({ event: 'document.completed', data: { id: 'doc_e2e', status: 'completed' } });
    const now = Math.floor(Date.now() / 1000);
    const base = {
      'content-type': 'application/json',
      'x-event': 'document.completed',
      'x-delivery': randomUUID(),
      'x-timestamp': String(now),
    };
    expect((await request.post('/api/webhooks/exdata', { data: body, headers: base })).status()).toBe(401);
    expect(
      (
        await request.post('/api/webhooks/exdata', {
          data: body,
          headers: { ...base, 'x-signature': sign(body, 'attacker') },
        })
      ).status(),
    ).toBe(401);
    const stale = { ...base, 'x-timestamp': String(now - 3600), 'x-signature': sign(body, webhookSecrets.exdata) };
    expect((await request.post('/api/webhooks/exdata', { data: body, headers: stale })).status()).toBe(401);
    const good = { ...base, 'x-delivery': randomUUID(), 'x-signature': sign(body, webhookSecrets.exdata) };
    expect((await request.post('/api/webhooks/exdata', { data: body, headers: good })).status()).toBe(200);
  });

  test('refuse a body over 1 MiB with 413 before looking at it', async ({ request }) => {
    const huge = JSON.stringify({ event: 'document.completed', padding: 'x'.repeat(1024 * 1024) });
    const res = await request.post('/api/webhooks/exdata', {
      data: huge,
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status()).toBe(413);
  });
});

test.describe('the rejected deliveries are visible to support', () => {
  test.use({ storageState: storageState('support') });

  test('the webhooks view lists rejected requests with their signature result', async ({ page }) => {
    await page.goto('/webhooks?provider=exdata');
    await expect(page.locator('tbody tr').filter({ hasText: 'invalid' }).first()).toBeVisible();
  });
});

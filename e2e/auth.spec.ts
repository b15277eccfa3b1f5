import { expect, test } from '@playwright/test';
import { e2ePassword } from './env';
import { roles, signIn, storageState } from './roles';

test.describe('anonymous visitors', () => {
  test('are sent to the sign-in page, and back where they were going afterwards', async ({ page }) => {
    await page.goto('/transactions?status=failed');
    await expect(page).toHaveURL(/\/login\?callbackUrl=%2Ftransactions%3Fstatus%3Dfailed/);
    await page.getByLabel('E-mail').fill('support@example.test');
    await page.getByLabel('Password').fill(e2ePassword);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(page).toHaveURL(/\/transactions\?status=failed$/);
    await expect(page.getByRole('heading', { name: 'Transactions' })).toBeVisible();
  });

  test('see a clear message for a wrong password and stay signed out', async ({ page }) => {
    await signIn(page, 'admin@example.test', 'not-the-password');
    await expect(page.getByRole('alert').filter({ hasText: 'incorrect' })).toHaveText(
      'The e-mail or password is incorrect.',
    );
    await page.goto('/');
    await expect(page).toHaveURL(/\/login/);
  });

  test('are slowed after repeated failures, told how long to wait, and slow no one else', async ({ page }) => {
    // A fresh unknown e-mail per run: unknown and known e-mails are slowed alike, and no demo user is affected.
    const email = `guesser-${Date.now()}@example.test`;
    for (let i = 0; i < 5; i++) {
      await signIn(page, email, `guess-${i}`);
      await expect(page.getByRole('alert').filter({ hasText: 'incorrect' })).toHaveText(
        'The e-mail or password is incorrect.',
      );
    }
    // From here each failure doubles the wait (1 s, 2 s, 4 s …): within a few quick attempts one lands inside it.
    // The form's alert, not Next's (empty) route announcer, which has the same role.
    const alert = page.getByRole('alert').filter({ hasText: /incorrect|Too many/ });
    for (let i = 5; i < 15; i++) {
      await signIn(page, email, `guess-${i}`);
      await expect(alert).toHaveText(/incorrect|Too many/);
      if ((await alert.textContent())?.startsWith('Too many')) break;
    }
    await expect(alert).toHaveText(
      /^Too many failed sign-ins from this device\. Try again in \d+ seconds?; each further failure doubles the wait/,
    );
    // Another account from the same device is not held back by that e-mail's failures.
    await signIn(page, 'manager@example.test', e2ePassword);
    await expect(page.getByTestId('current-role')).toHaveText('Manager');
  });

  test('signed in, a crafted callbackUrl still ends on this site', async ({ page }) => {
    await signIn(page, 'manager@example.test', e2ePassword);
    await expect(page.getByTestId('current-role')).toHaveText('Manager');
    for (const evil of ['/.//evil.example', '/%2e%2e//evil.example', '/a/..//evil.example']) {
      const res = await page.request.get(`/login?callbackUrl=${encodeURIComponent(evil)}`, { maxRedirects: 0 });
      expect(res.status(), evil).toBeGreaterThanOrEqual(300);
      const target = new URL(res.headers().location ?? '', page.url());
      expect(target.origin, evil).toBe(new URL(page.url()).origin);
      expect(target.pathname, evil).toBe('/');
    }
  });

  test('have no session', async ({ request }) => {
    const session = await request.get('/api/auth/session');
    expect(await session.json()).toEqual({});
  });
});

for (const role of roles) {
  test.describe(`${role}`, () => {
    test.use({ storageState: storageState(role) });

    test('sees its name and role in the shell, and in the session', async ({ page }) => {
      await page.goto('/');
      await expect(page.getByTestId('current-role')).toHaveText(role[0]!.toUpperCase() + role.slice(1));
      await expect(page.getByTestId('env-badge')).toHaveText('TEST');
      const session = await (await page.request.get('/api/auth/session')).json();
      expect(session.user).toMatchObject({ email: `${role}@example.test`, role });
    });
  });
}

test.describe('signing out', () => {
  test('ends the session', async ({ page }) => {
    await signIn(page, 'manager@example.test', e2ePassword);
    await expect(page.getByTestId('current-role')).toHaveText('Manager');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/login/);
    await page.goto('/documents');
    await expect(page).toHaveURL(/\/login/);
  });
});

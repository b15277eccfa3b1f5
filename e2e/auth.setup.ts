import { expect, test as setup } from '@playwright/test';
import { e2ePassword } from './env';
import { roles, signIn, storageState } from './roles';

// Signs in once per role and stores the session, so specs start signed in (epic-stack's pattern).
for (const role of roles) {
  setup(`sign in as ${role}`, async ({ page }) => {
    await signIn(page, `${role}@example.test`, e2ePassword);
    await expect(page.getByTestId('current-user')).toContainText(`${role}@example.test`);
    await page.context().storageState({ path: storageState(role) });
  });
}

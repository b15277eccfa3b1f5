import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { storageState, type Role } from './roles';

/**
 * Every page a role can open, checked with axe-core against WCAG 2.1 A and AA: no serious or critical violation.
 * Detail pages are reached from their list's first row, so they are real seeded items.
 */
const lists: Record<Role, string[]> = {
  admin: [
    '/',
    '/alerts',
    '/documents',
    '/documents?view=pending',
    '/transactions',
    '/failures',
    '/webhooks',
    '/review',
    '/audit',
    '/settings',
    '/search?q=INV',
  ],
  support: ['/', '/alerts', '/documents', '/transactions', '/failures', '/webhooks', '/audit'],
  finance: ['/', '/alerts', '/documents', '/transactions', '/review'],
  manager: ['/', '/alerts', '/documents', '/transactions', '/failures', '/webhooks', '/review', '/audit'],
};
const details: Record<string, RegExp> = {
  '/documents': /^\/documents\/[0-9a-f-]{36}$/,
  '/transactions': /^\/transactions\/[0-9a-f-]{36}$/,
  '/webhooks': /^\/webhooks\/[0-9a-f-]{36}$/,
  '/review': /^\/review\/[0-9a-f-]{36}$/,
};

async function seriousViolations(page: Page) {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 3)
          .join(' | ')}`,
    );
}

async function firstDetail(page: Page, pattern: RegExp): Promise<string | null> {
  const hrefs = await page.locator('main a[href]').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
  return hrefs.find((h) => pattern.test(h)) ?? null;
}

for (const [role, paths] of Object.entries(lists) as [Role, string[]][]) {
  test.describe(`${role} pages are accessible`, () => {
    test.use({ storageState: storageState(role) });

    test('no serious or critical axe violation on any page the role can open', async ({ page }) => {
      test.setTimeout(120_000);
      const found: Record<string, string[]> = {};
      for (const path of paths) {
        await page.goto(path);
        await expect(page.locator('main')).toBeVisible();
        const v = await seriousViolations(page);
        if (v.length) found[path] = v;
        const pattern = details[path];
        const detail = pattern ? await firstDetail(page, pattern) : null;
        if (detail) {
          await page.goto(detail);
          await expect(page.locator('main')).toBeVisible();
          const dv = await seriousViolations(page);
          if (dv.length) found[detail] = dv;
        }
      }
      expect(found).toEqual({});
    });
  });
}

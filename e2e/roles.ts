import type { Page } from '@playwright/test';

export const roles = ['admin', 'support', 'finance', 'manager'] as const;
export type Role = (typeof roles)[number];

export const storageState = (role: Role) => `e2e/.auth/${role}.json`;

export async function signIn(page: Page, email: string, password: string) {
  await page.goto('/login');
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

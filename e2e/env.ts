// Shared by playwright.config.ts and the specs: where the e2e server listens and the demo password it is given.
export const port = Number(process.env.E2E_PORT ?? 3210);
export const baseURL = `http://localhost:${port}`;
export const e2ePassword = 'e2e-demo-password';

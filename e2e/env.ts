// Shared by playwright.config.ts and the specs: where the e2e server listens and the demo password it is given.
export const port = Number(process.env.E2E_PORT ?? 3210);
export const baseURL = `http://localhost:${port}`;
export const e2ePassword = 'e2e-demo-password';
// Known webhook secrets for the e2e server (the sandbox signs with them too).
export const webhookSecrets = { goroute: 'e2e-goroute-webhook-secret', exdata: 'e2e-exdata-webhook-secret' };

// Shared by playwright.config.ts and the specs: where the e2e server listens and the demo password it is given.
export const port = Number(process.env.E2E_PORT ?? 3210);
export const baseURL = `http://localhost:${port}`;
// The provider sandbox's control API (faults, provider-side state), on a fixed port for the specs.
export const sandboxPort = port + 1;
export const sandboxControl = `http://127.0.0.1:${sandboxPort}/_control`;
// The e2e server's data directory (its embedded PostgreSQL), fresh for each run.
export const dataDir = '.data/e2e';
export const e2ePassword = 'e2e-demo-password';
// Known webhook secrets for the e2e server (the sandbox signs with them too).
export const webhookSecrets = { goroute: 'e2e-goroute-webhook-secret', exdata: 'e2e-exdata-webhook-secret' };

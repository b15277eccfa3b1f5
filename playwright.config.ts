import { defineConfig } from '@playwright/test';
import { baseURL, dataDir, e2ePassword, port, sandboxPort, webhookSecrets } from './e2e/env';

// Playwright cannot download its own browser here; Debian's Chromium is used instead.
const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export default defineConfig({
  testDir: 'e2e',
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  reporter: [['list']],
  timeout: 30_000,
  use: {
    baseURL,
    trace: 'on-first-retry',
    launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: chromiumArgs },
  },
  projects: [
    { name: 'setup', testMatch: /auth\.setup\.ts/ },
    { name: 'chromium', testMatch: /.*\.spec\.ts/, dependencies: ['setup'] },
  ],
  // The real `npm start` path on a fresh data directory: embedded PostgreSQL, migrations, demo data,
  // production build if needed, `next start`.
  webServer: {
    command: `rm -rf ${dataDir} && node_modules/.bin/tsx scripts/start.ts`,
    url: `${baseURL}/api/health`,
    timeout: 300_000,
    reuseExistingServer: !process.env.CI,
    stdout: 'pipe',
    env: {
      DATA_DIR: dataDir,
      PORT: String(port),
      SANDBOX_PORT: String(sandboxPort),
      DEMO_PASSWORD: e2ePassword,
      NEXTAUTH_URL: baseURL,
      GOROUTE_WEBHOOK_SECRET: webhookSecrets.goroute,
      EXDATA_WEBHOOK_SECRET: webhookSecrets.exdata,
      DEMO_INTAKE_PER_MINUTE: '0',
      // Warnings and errors only: the info lines (every webhook, action and provider call) would bury a failure.
      LOG_LEVEL: 'warn',
    },
  },
});

import { defineConfig, globalIgnores } from 'eslint/config';
import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';
import drizzle from 'eslint-plugin-drizzle';

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  {
    plugins: { drizzle },
    rules: {
      // An update or delete without a WHERE clause rewrites the whole table: never what anyone meant.
      'drizzle/enforce-update-with-where': ['error', { drizzleObjectName: ['db', 'tx'] }],
      'drizzle/enforce-delete-with-where': ['error', { drizzleObjectName: ['db', 'tx'] }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // process.env is read in one module (lib/env.ts) so a bad environment fails at start with a clear message.
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Read configuration from @/lib/env instead.' }],
    },
  },
  {
    files: ['lib/env.ts', 'scripts/**', 'e2e/**', 'test/**', 'playwright.config.ts', 'vitest.config.mts', '**/*.test.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
  globalIgnores(['.next/**', 'node_modules/**', '.data/**', 'next-env.d.ts', 'db/migrations/**', 'test-results/**', 'playwright-report/**']),
]);

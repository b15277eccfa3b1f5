import { defineConfig, globalIgnores } from 'eslint/config';
import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';
import boundaries from 'eslint-plugin-boundaries';
import drizzle from 'eslint-plugin-drizzle';

/**
 * The layers (docs/architecture.md). Each may import itself and the layers listed for it, nothing else; a file in
 * none of them fails the lint, so a new folder has to be placed. Tests, scripts, benchmarks and the reliability
 * runner stand outside and may import anything.
 * A layer is a folder; the first pattern that matches a file's folder decides its layer. Entry points (proxy.ts,
 * instrumentation.ts, scripts) stand outside with the tests.
 */
const layers = [
  // The provider clients and their shared HTTP core: they know the providers, not our database or screens.
  { type: 'provider-client', pattern: ['lib/exdata', 'lib/goroute', 'lib/provider-http'] },
  // Queue plumbing producers need (queue names, the app's pg-boss handle).
  { type: 'queue', pattern: 'lib/jobs' },
  // Business rules, each defined once as a TypeScript predicate and as SQL over the schema.
  { type: 'rules', pattern: 'lib/rules' },
  // Pure helpers everyone may use: input validation, client addresses.
  { type: 'foundation', pattern: ['lib/validation', 'lib/http'] },
  // The domain: what the console does (pipeline, review, operations, alerts, go-live checklist, sign-in, settings,
  // webhook receipt, metrics, provider client wiring, the server-action frame).
  { type: 'domain', pattern: 'lib/*' },
  // Files directly in lib/: identifiers, paging, formatting, env, logging, CSV, JSON reading.
  { type: 'foundation', pattern: 'lib' },
  { type: 'schema', pattern: 'db/schema' },
  { type: 'queries', pattern: ['db/queries', 'db'] },
  { type: 'worker', pattern: 'worker' },
  { type: 'screens', pattern: ['app', 'components'] },
  // The demo world (companies, amounts, identifiers, UBL): shared by the seed, the sandbox and the tests.
  { type: 'demo-world', pattern: 'demo/world' },
  { type: 'demo-seed', pattern: 'demo/seed' },
  // Stands for the two outside providers: it knows only the demo world.
  { type: 'sandbox', pattern: 'sandbox' },
];

const below = {
  foundation: [],
  'provider-client': ['foundation'],
  queue: ['foundation'],
  schema: ['foundation', 'provider-client'],
  rules: ['foundation', 'provider-client', 'schema'],
  queries: ['foundation', 'provider-client', 'queue', 'schema', 'rules'],
  domain: ['foundation', 'provider-client', 'queue', 'schema', 'rules', 'queries'],
  worker: ['foundation', 'provider-client', 'queue', 'schema', 'rules', 'queries', 'domain'],
  screens: ['foundation', 'provider-client', 'queue', 'schema', 'rules', 'queries', 'domain'],
  'demo-world': ['foundation'],
  'demo-seed': ['foundation', 'provider-client', 'queue', 'schema', 'rules', 'queries', 'domain', 'demo-world'],
  sandbox: ['demo-world'],
};

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
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read configuration from @/lib/env instead.' },
      ],
    },
  },
  {
    files: [
      'lib/env.ts',
      'scripts/**',
      'e2e/**',
      'test/**',
      'playwright.config.ts',
      'vitest.config.mts',
      '**/*.test.ts',
    ],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    files: ['**/*.{ts,tsx,mts}'],
    plugins: { boundaries },
    settings: {
      'boundaries/elements': layers,
      'boundaries/ignore': [
        '**/*.test.ts',
        '**/*.test.tsx',
        'test/**',
        'e2e/**',
        'reliability/**',
        'bench/**',
        'scripts/**',
        'types/**',
        '*.config.*',
        'next-env.d.ts',
        'proxy.ts',
        'instrumentation.ts',
        'lib/provider-http/fake-server.ts',
      ],
      'import/resolver': { typescript: { alwaysTryTypes: true, project: './tsconfig.json' } },
    },
    rules: {
      'boundaries/no-unknown-files': 'error',
      // An import of a file in no layer is refused too, so nothing slips past the rule below.
      'boundaries/no-unknown-dependencies': 'error',
      'boundaries/dependencies': [
        'error',
        {
          default: 'disallow',
          message:
            'A {{from.type}} file may not import {{to.type}} ({{dependency.source}}): layers point one way (docs/architecture.md).',
          policies: Object.entries(below).map(([from, to]) => ({
            from: { element: { type: from } },
            allow: { to: { element: { types: { anyOf: [from, ...to] } } } },
          })),
        },
      ],
    },
  },
  globalIgnores([
    '.next/**',
    'node_modules/**',
    '.data/**',
    'next-env.d.ts',
    'db/migrations/**',
    'test-results/**',
    'playwright-report/**',
  ]),
]);

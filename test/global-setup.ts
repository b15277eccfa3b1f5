import type { TestProject } from 'vitest/node';
import { startDebian, startEmbedded, type TestServer } from './pg-servers';

declare module 'vitest' {
  export interface ProvidedContext {
    databases: { name: string; url: string }[];
  }
}

/**
 * Integration tests run against every PostgreSQL we can start here: always the embedded one (the
 * default for `npm start`), and the machine's Debian PostgreSQL when installed (an external server,
 * as with DATABASE_URL). TEST_DATABASE_URL adds any other server.
 */
export default async function setup(project: TestProject) {
  const servers: TestServer[] = [await startEmbedded()];
  const debian = await startDebian();
  if (debian) servers.push(debian);
  else console.warn('[test] Debian PostgreSQL not installed: integration tests run on the embedded server only.');
  const extra = process.env.TEST_DATABASE_URL;
  const databases = servers.map(({ name, url }) => ({ name, url }));
  if (extra) databases.push({ name: 'TEST_DATABASE_URL', url: extra });
  project.provide('databases', databases);
  return async () => {
    await Promise.all(servers.map((s) => s.stop()));
  };
}

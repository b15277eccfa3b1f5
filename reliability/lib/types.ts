// The contract between `reliability/run.ts` (the runner behind `npm run test:reliability`) and each scenario
// module `reliability/*.scenario.ts`:
//
//   export default { name: 'crash-storm', title: '…', proves: '…', fast: true, run: async (ctx) => ({ figures, failures
// }) } satisfies Scenario;
//
// A scenario runs against the real stack on localhost (production build, PostgreSQL, sandbox, workers), prints
// figures an operator can read, and lists every expectation that did not hold. The runner exits non-zero when
// any scenario has a failure or throws. Everything a scenario fetches or starts writes into `ctx.workDir`, so
// the runner's final secret scan covers it.

export interface Figure {
  /** e.g. `deliveries acknowledged before the kill` */
  label: string;
  /** e.g. `1,412` or `p95 38 ms` */
  value: string;
}

interface ScenarioResult {
  figures: Figure[];
  /** One line per expectation that did not hold; empty when the scenario passed. */
  failures: string[];
}

/** A running console: production server(s), worker(s) and the provider sandbox, on free localhost ports. */
export interface ReliabilityStack {
  baseUrl: string;
  /** `http://127.0.0.1:<port>/_control` of the sandbox. */
  sandboxControl: string;
  webhookSecrets: { goroute: string; exdata: string };
  databaseUrl: string;
  /** Cookie header of a signed-in demo user of that role (signs in on first use). */
  cookie: (role: 'admin' | 'support' | 'finance' | 'manager') => Promise<string>;
  stop: () => Promise<void>;
}

export interface ScenarioContext {
  /** CI subset: smaller volumes, compressed time; the figures say which. */
  fast: boolean;
  root: string;
  /** Scratch directory of this run; logs, saved pages and responses go here (the secret scan reads it all). */
  workDir: string;
  /** The shared default stack (one app, one worker, sandbox), started on first use. */
  stack: () => Promise<ReliabilityStack>;
  log: (line: string) => void;
  /** Adds a value the final scan must never find in any output (API keys, tokens, passwords …). */
  secret: (value: string) => void;
  /**
   * Optional extras for scenarios that lay out their own processes (kill -9, two apps, a PostgreSQL restart):
   * a new empty database on the run's PostgreSQL server (dropped when the run ends), the environment the
   * runner was started with, and the demo users' password of this run.
   */
  freshDatabase?: (label: string) => Promise<{ url: string }>;
  env?: Record<string, string | undefined>;
  demoPassword?: string;
}

export interface Scenario {
  /** Short name, used by `--only`. */
  name: string;
  title: string;
  /** One sentence: what passing proves (printed and used in SECURITY.md). */
  proves: string;
  /** Part of the CI subset (`--fast`). */
  fast?: boolean;
  run: (ctx: ScenarioContext) => Promise<ScenarioResult>;
}

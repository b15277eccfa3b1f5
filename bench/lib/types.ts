// The contract between `bench/run.ts` (the harness) and each benchmark module `bench/*.bench.ts`.
//
//   export default { name: 'list-views', title: '…', method: '…', run: async (ctx) => ({ results, notes }) } satisfies
// BenchModule;
//
// A module measures each figure at least `ctx.runs` times (3, or more) and returns every run's value;
// the harness reports the median with min and max next to the budget, and fails when the median misses it.
import type { Pool } from 'pg';

export type Budget = { op: '<=' | '>='; value: number };

export interface BenchResult {
  /** Stable identifier, e.g. `documents.state.first`. */
  id: string;
  /** What a reader sees in the table, e.g. `/documents?state=delivered — first page`. */
  label: string;
  /** `ms`, `kB`, `req/s`, `%`, `count`… */
  unit: string;
  budget: Budget;
  /** One value per run (at least 3). */
  runs: number[];
}

export interface BenchOutput {
  results: BenchResult[];
  /** Free text for BENCHMARKS.md under the module's table (conditions, data volume, caveats). */
  notes?: string[];
}

/** The running console a module measures: production build, real server, worker(s), provider sandbox. */
export interface BenchStack {
  /** e.g. `http://127.0.0.1:41234` */
  baseUrl: string;
  /** `http://127.0.0.1:<port>/_control` of the provider sandbox, or null when real providers are configured. */
  sandboxControl: string | null;
  /** Webhook signing secrets the app verifies with (the sandbox signs with the same). */
  webhookSecrets: { goroute: string; exdata: string };
  /** Cookie header of the signed-in demo admin. */
  adminCookie: string;
  /** How many job workers run. */
  workers: number;
  /** Worker env as started (GOROUTE_RATE_PER_SECOND …). */
  workerEnv: Record<string, string>;
}

export interface BenchContext {
  /** Development mode: fewer iterations and smaller volumes; figures are not budget measurements. */
  quick: boolean;
  /** Repetitions per figure (≥ 3). */
  runs: number;
  databaseUrl: string;
  /** A small pool on the benchmark database, for setup and derived inputs (never the measured path). */
  pool: Pool;
  /** The running stack; started lazily on first use and shared by all modules. */
  stack: () => Promise<BenchStack>;
  /** The repository root (where `.next` is). */
  root: string;
  /** Scratch directory for logs and files of this run (under DATA_DIR/bench). */
  workDir: string;
  log: (line: string) => void;
}

export interface BenchModule {
  /** Short name, used by `--only`. */
  name: string;
  /** Heading in BENCHMARKS.md. */
  title: string;
  /** How it is measured (Markdown), printed under the heading. */
  method: string;
  /** Position in the run (lower first); modules that change data should come last. */
  order?: number;
  run: (ctx: BenchContext) => Promise<BenchOutput>;
}

// The run's last check: no secret value appears anywhere the run wrote — stack logs, saved pages, responses.
// A leak in a log line is a leak; the scan reads every file under workDir line by line.
import { createReadStream, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';

export type Leak = { file: string; line: number; secret: string };

/** The names under which the app and the start script take secrets (lib/env.ts, scripts/lib/provider-env.ts). */
export const SECRET_VARIABLES = [
  'DEMO_PASSWORD',
  'NEXTAUTH_SECRET',
  'METRICS_TOKEN',
  'OIDC_CLIENT_SECRET',
  'GOROUTE_API_KEY_TEST',
  'GOROUTE_API_KEY_LIVE',
  'GOROUTE_WEBHOOK_SECRET',
  'GOROUTE_WEBHOOK_SECRET_PREVIOUS',
  'EXDATA_TOKEN_TEST',
  'EXDATA_TOKEN_LIVE',
  'EXDATA_WEBHOOK_SECRET',
  'EXDATA_WEBHOOK_SECRET_PREVIOUS',
];

/** Only values long enough that finding one is not a coincidence. */
const MIN_SECRET_LENGTH = 8;

/** A database URL's password, which is a secret too. */
export function urlPassword(url: string): string | null {
  try {
    const p = decodeURIComponent(new URL(url).password);
    return p.length >= MIN_SECRET_LENGTH ? p : null;
  } catch {
    return null;
  }
}

function* files(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    const stat = statSync(full, { throwIfNoEntry: false });
    if (!stat) continue;
    if (stat.isDirectory()) {
      // A PostgreSQL data directory a scenario started (pg-restart) is the database itself, not output: it holds
      // the server's own files (its password file among them) and is not something the app wrote or showed.
      if (statSync(path.join(full, 'PG_VERSION'), { throwIfNoEntry: false })) continue;
      yield* files(full);
    } else if (stat.isFile()) {
      yield full;
    }
  }
}

/** Every occurrence of any secret in any file under `dir` (first hit per file and secret). */
export async function scanForSecrets(
  dir: string,
  secrets: Iterable<string>,
  skip: (file: string) => boolean = () => false,
): Promise<{ leaks: Leak[]; files: number; bytes: number }> {
  const values = [...new Set([...secrets].filter((s) => s.length >= MIN_SECRET_LENGTH))];
  const leaks: Leak[] = [];
  let count = 0;
  let bytes = 0;
  for (const file of files(dir)) {
    if (skip(file)) continue;
    count += 1;
    bytes += statSync(file).size;
    const found = new Set<string>();
    const lines = readline.createInterface({
      input: createReadStream(file, { encoding: 'utf8' }),
      crlfDelay: Infinity,
    });
    let n = 0;
    for await (const line of lines) {
      n += 1;
      for (const s of values) {
        if (!found.has(s) && line.includes(s)) {
          found.add(s);
          leaks.push({ file, line: n, secret: s });
        }
      }
    }
  }
  return { leaks, files: count, bytes };
}

/** How a leak is reported: never the secret itself, only enough of it to tell which one. */
export const maskSecret = (s: string) => `${s.slice(0, 4)}… (${s.length} chars)`;

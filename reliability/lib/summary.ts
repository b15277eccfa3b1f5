import type { Figure, Scenario } from './types';

export type Outcome = { scenario: Scenario; seconds: number; figures: Figure[]; failures: string[] };

const pad = (s: string, n: number) => (s.length >= n ? s : s + ' '.repeat(n - s.length));

/** The closing table: one row per scenario with its verdict, time and figures. Returns whether anything failed. */
export function printSummary(
  outcomes: Outcome[],
  leaks: number,
  totalSeconds: number,
  say: (line: string) => void,
): boolean {
  const width = Math.max(8, ...outcomes.map((o) => o.scenario.name.length));
  say('');
  say(`${pad('scenario', width)}  result  time    figures`);
  say(`${'-'.repeat(width)}  ------  ------  -------`);
  for (const o of outcomes) {
    const figures = o.figures.map((f) => `${f.label}: ${f.value}`).join('; ');
    say(
      `${pad(o.scenario.name, width)}  ${pad(o.failures.length ? 'FAIL' : 'pass', 6)}  ${pad(`${Math.round(o.seconds)} s`, 6)}  ${figures}`,
    );
  }
  say(
    `${pad('secrets', width)}  ${pad(leaks ? 'FAIL' : 'pass', 6)}  ${pad('', 6)}  ${leaks} leak(s) in the run's output`,
  );
  const failed = outcomes.filter((o) => o.failures.length > 0).length;
  say('');
  say(
    `${outcomes.length - failed} of ${outcomes.length} scenario(s) passed${leaks ? `, ${leaks} secret leak(s)` : ''}; ${Math.round(totalSeconds)} s in all.`,
  );
  return failed > 0 || leaks > 0;
}

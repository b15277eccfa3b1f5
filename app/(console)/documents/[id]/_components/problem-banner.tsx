import { formatSpan } from '@/lib/rules/retry-schedule';
import type { CurrentProblem, ProblemError } from '@/lib/rules/current-problem';

const clock = new Intl.DateTimeFormat('en-GB', {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  timeZone: 'UTC',
});
const shortClock = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: 'UTC' });
const dayAndClock = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'UTC',
});
const sameUtcDay = (a: Date, b: Date) => a.toISOString().slice(0, 10) === b.toISOString().slice(0, 10);

/**
 * The document's current problem (lib/rules/current-problem.ts), in red, with what happens next. Nothing when it
 * has none: past errors are on the timeline. Provider text is rendered as text.
 */
export function ProblemBanner({ problem, now }: { problem: CurrentProblem; now: Date }) {
  if (problem.kind === 'none') return null;
  return (
    <section aria-label="Last error" className="mb-4 rounded border border-red-200 bg-red-50 p-3 text-red-900">
      <ErrorLines error={problem.error} />
      <Outlook problem={problem} now={now} />
    </section>
  );
}

function ErrorLines({ error }: { error: ProblemError }) {
  return (
    <>
      <p className="font-medium">
        <span className="font-mono">{error.code ?? 'Error'}</span> {error.message}
      </p>
      {error.details.length > 0 && (
        <ul className="mt-1 list-disc pl-5 text-sm">
          {error.details.map((d, i) => (
            <li key={i}>
              <span className="font-mono">{d.rule}</span>{' '}
              {d.location && <span className="font-mono text-xs">{d.location}</span>} {d.message}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function Outlook({ problem, now }: { problem: Exclude<CurrentProblem, { kind: 'none' }>; now: Date }) {
  const line = (text: string, testId?: string) => (
    <p className="mt-1 text-sm" data-testid={testId}>
      {text}
    </p>
  );
  switch (problem.kind) {
    case 'send_retrying': {
      const o = problem.outlook;
      if (!o) return line('Automatic retry due now, with the same idempotency key.', 'next-retry');
      const givesUp = sameUtcDay(o.givesUpAt, now) ? shortClock.format(o.givesUpAt) : dayAndClock.format(o.givesUpAt);
      return line(
        `Automatic retry: attempt ${o.nextAttempt} of ${o.maxAttempts}, next at ${clock.format(o.nextAt)} UTC, same idempotency key; gives up after about ${formatSpan(o.spanMs)} (at ${givesUp} UTC) if GoRoute keeps failing.`,
        'next-retry',
      );
    }
    case 'send_held':
      return line('Automatic retries are held while the document is blocked.', 'retry-held');
    case 'send_dead_letter':
      return line(
        `${problem.exhausted ? 'Dead-lettered: every automatic attempt failed.' : 'Dead-lettered: a retry as it is cannot fix this.'} ${problem.personMayRetry ? 'Retry the send once the cause is fixed, or fix and resend.' : 'Fix the invoice and resend.'}`,
      );
    case 'send_failed':
      if (problem.personMayRetry) return line('Not retried automatically: retry the send, or fix and resend.');
      return line(
        `${problem.accepted ? 'GoRoute accepted this send, then it failed' : 'Not retried automatically'}: fix and resend (a new idempotency key).`,
      );
    case 'extraction_failed':
      return line('exdata could not extract this document: upload it again.');
    case 'upload_retrying':
      return line('The upload to exdata failed and is retried automatically with the same idempotency key.');
    case 'credits':
      return line('exdata has no credits left: upload again (with a new idempotency key) once credits are added.');
  }
}

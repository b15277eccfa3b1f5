import { formatDateTime } from '@/lib/format';
import { documentPastWindow, sendPastWindow, type SendRow } from '@/lib/rules/pending';
import type { CreditsState } from '@/lib/rules/credits';
import type { PendingWindows } from '@/lib/rules/pending-windows';
import { ResumeUploadsButton } from '../../_components/resume-uploads-button';

type Props = {
  doc: { pipelineState: Parameters<typeof documentPastWindow>[0]['pipelineState']; stateChangedAt: Date };
  sends: SendRow[];
  windows: PendingWindows;
  credits: CreditsState;
  canResume: boolean;
};

/**
 * What the document waits for, when that is worth a person's attention: held by the credits pause (nothing moves it
 * until uploads are resumed), and/or past its pending window (the rule of /documents?view=pending).
 */
export function WaitingNote({ doc, sends, windows, credits, canResume }: Props) {
  const held = credits.paused && (doc.pipelineState === 'received' || doc.pipelineState === 'uploading');
  const pending =
    documentPastWindow(doc, sends, windows) ??
    sends.map((s) => sendPastWindow(s, windows)).find((v) => v !== null) ??
    null;
  if (!held && !pending) return null;
  return (
    <section aria-label="Waiting" className="mb-4 rounded border border-amber-300 bg-amber-50 px-3 py-2 text-amber-900">
      {held && (
        <p className="flex flex-wrap items-center gap-3" data-testid="held-by-credits">
          <span>
            Held: exdata credits exhausted, uploads paused since {formatDateTime(credits.since)}. It is uploaded once
            uploads are resumed.
          </span>
          {canResume && <ResumeUploadsButton pausedSince={credits.since?.toISOString() ?? null} />}
        </p>
      )}
      {pending && (
        <p data-testid="pending-too-long">
          Pending too long: {pending.label} since {formatDateTime(pending.since)}, past the {pending.minutes} min
          window.
        </p>
      )}
    </section>
  );
}

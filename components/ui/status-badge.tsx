const tones: Record<string, string> = {
  good: 'bg-emerald-50 text-emerald-800 ring-emerald-200',
  bad: 'bg-red-50 text-red-800 ring-red-200',
  warn: 'bg-amber-50 text-amber-900 ring-amber-200',
  busy: 'bg-blue-50 text-blue-800 ring-blue-200',
  idle: 'bg-slate-100 text-slate-700 ring-slate-200',
};

const toneOf: Record<string, keyof typeof tones> = {
  delivered: 'good',
  completed: 'good',
  approved: 'good',
  valid: 'good',
  processed: 'good',
  resolved: 'good',
  failed: 'bad',
  error: 'bad',
  send_failed: 'bad',
  dead_letter: 'bad',
  extraction_failed: 'bad',
  invalid: 'bad',
  missing: 'bad',
  stale: 'bad',
  mismatch: 'bad',
  rejected: 'bad',
  critical: 'bad',
  blocked: 'warn',
  in_review: 'warn',
  needs_review: 'warn',
  unmatched: 'warn',
  duplicate_effect: 'warn',
  valid_previous_secret: 'warn',
  open: 'warn',
  warning: 'warn',
  acknowledged: 'idle',
  pending: 'busy',
  processing: 'busy',
  sending: 'busy',
  extracting: 'busy',
  uploading: 'busy',
  queued: 'busy',
  // Readiness checklist verdicts.
  pass: 'good',
  fail: 'bad',
  warn: 'warn',
  manual: 'idle',
  // Alert notifications per channel.
  sent: 'good',
  suppressed: 'idle',
  skipped: 'idle',
};

/**
 * A status word in a coloured pill; the text is the raw status (or a label that says more), so it reads without
 * colour too.
 */
export function StatusBadge({ status, label }: { status: string | null | undefined; label?: string }) {
  if (!status) return <span className="text-slate-400">—</span>;
  const tone = tones[toneOf[status] ?? 'idle'];
  return (
    <span className={`inline-block rounded px-1.5 py-0.5 text-xs font-medium ring-1 ring-inset ${tone}`}>
      {label ?? status.replaceAll('_', ' ')}
    </span>
  );
}

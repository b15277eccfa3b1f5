'use client';

import { useState, useTransition } from 'react';
import { toast } from '@/components/ui/toaster';
import type { ActionIssue } from '@/lib/actions';
import { fixAndResendDocument } from '../../actions';

type Outcome = { ok: true; text: string } | { ok: false; text: string; issues: ActionIssue[] };

/**
 * Correct the invoice's fields and send it again; the server rechecks every value and the state, and has GoRoute
 * validate the corrected invoice before anything is saved. What it answers is what is shown: the rules still
 * broken (on their fields, and listed), or whether the invoice was validated before it was queued. The typed
 * values stay in the form either way.
 */
export function FixForm({ documentId, fields }: { documentId: string; fields: { name: string; value: string }[] }) {
  const [values, setValues] = useState(() => Object.fromEntries(fields.map((f) => [f.name, f.value])));
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [pending, start] = useTransition();
  return (
    <details className="mb-4 rounded-lg border border-slate-200 bg-white p-4">
      <summary className="cursor-pointer font-semibold">Fix and resend</summary>
      <form
        className="mt-3 grid gap-2 md:grid-cols-2"
        onSubmit={(e) => {
          e.preventDefault();
          const changed = Object.fromEntries(
            Object.entries(values).filter(([k, v]) => v !== fields.find((f) => f.name === k)?.value),
          );
          start(async () => {
            const r = await fixAndResendDocument({ documentId, values: changed });
            setErrors(r.ok ? {} : (r.fieldErrors ?? {}));
            const next: Outcome = r.ok
              ? { ok: true, text: r.data?.message ?? 'Queued for sending.' }
              : { ok: false, text: r.error, issues: r.issues ?? [] };
            setOutcome(next);
            toast(r.ok ? 'Fix saved and queued' : 'Not sent: see the form', r.ok);
          });
        }}
      >
        {fields.map((f) => (
          <label key={f.name} className="block text-sm">
            <span className="font-mono text-xs">{f.name}</span>
            <input
              value={values[f.name] ?? ''}
              onChange={(e) => setValues((v) => ({ ...v, [f.name]: e.target.value }))}
              aria-invalid={errors[f.name] ? 'true' : undefined}
              className="mt-0.5 w-full rounded border border-slate-300 px-2 py-1 font-mono"
            />
            {errors[f.name]?.map((m) => (
              <span key={m} className="block text-xs text-red-700">
                {m}
              </span>
            ))}
          </label>
        ))}
        <div className="md:col-span-2">
          <button
            type="submit"
            disabled={pending}
            className="rounded bg-slate-900 px-4 py-2 font-medium text-white disabled:opacity-50"
          >
            {pending ? 'Validating…' : 'Save and resend'}
          </button>
          {outcome && (
            <span role="status" className={`ml-3 text-sm ${outcome.ok ? 'text-emerald-800' : 'text-red-800'}`}>
              {outcome.text}
            </span>
          )}
        </div>
        {outcome && !outcome.ok && outcome.issues.length > 0 && <IssueList issues={outcome.issues} />}
      </form>
    </details>
  );
}

/** Every rule GoRoute still reports, with the field it points at (or none: not fixable here, raise it with support). */
function IssueList({ issues }: { issues: ActionIssue[] }) {
  return (
    <ul
      aria-label="Validation errors"
      className="list-disc rounded border border-red-200 bg-red-50 py-2 pl-8 pr-3 text-sm text-red-900 md:col-span-2"
    >
      {issues.map((i, n) => (
        <li key={n}>
          <span className="font-mono">{i.rule}</span>{' '}
          {i.location && <span className="font-mono text-xs">{i.location}</span>} {i.message}
          {i.field ? (
            <span className="text-xs">
              {' '}
              — field <span className="font-mono">{i.field}</span>
            </span>
          ) : (
            <span className="text-xs"> — not a field of this form</span>
          )}
        </li>
      ))}
    </ul>
  );
}

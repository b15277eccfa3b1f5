'use client';

import { useActionState } from 'react';
import { toast } from 'sonner';
import { Field } from '@/components/forms/field';
import { FormError, FormSuccess } from '@/components/forms/form-message';
import { fieldError, formError, formValues, type FormState } from '@/components/forms/form-state';
import { SubmitButton } from '@/components/forms/submit-button';
import { Input } from '@/components/ui/input';
import type { ActionIssue } from '@/lib/actions';
import { fixAndResendDocument } from '../../actions';

/**
 * Correct the invoice's fields and send it again; the server rechecks every value and the state, and has GoRoute
 * validate the corrected invoice before anything is saved. What it answers is what is shown: the rules still
 * broken (on their fields, and listed), or whether the invoice was validated before it was queued. The typed
 * values stay in the form either way.
 */
export function FixForm({ documentId, fields }: { documentId: string; fields: { name: string; value: string }[] }) {
  const [state, action] = useActionState<FormState<{ message: string }>, FormData>(async (_previous, data) => {
    const values = formValues(data);
    // Only what was changed is sent: the server checks and records exactly those fields.
    const changed = Object.fromEntries(
      fields
        .filter((f) => values[f.name] !== undefined && values[f.name] !== f.value)
        .map((f) => [f.name, values[f.name]!]),
    );
    const result = await fixAndResendDocument({ documentId, values: changed });
    if (result.ok) toast.success('Fix saved and queued');
    else toast.error('Not sent: see the form');
    return { result, values };
  }, null);
  const issues = state && !state.result.ok ? (state.result.issues ?? []) : [];
  return (
    <details className="mb-4 rounded-lg border border-slate-200 bg-white p-4">
      <summary className="cursor-pointer rounded font-semibold focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600">
        Fix and resend
      </summary>
      <form action={action} className="mt-3 grid gap-2 md:grid-cols-2">
        {fields.map((f) => (
          <Field
            key={f.name}
            label={f.name}
            labelClassName="font-mono text-xs font-normal"
            error={fieldError(state, f.name)}
          >
            <Input name={f.name} defaultValue={state?.values[f.name] ?? f.value} className="font-mono" />
          </Field>
        ))}
        <div className="flex flex-wrap items-center gap-3 md:col-span-2">
          <SubmitButton size="lg" pendingLabel="Validating…">
            Save and resend
          </SubmitButton>
          {state?.result.ok && <FormSuccess>{state.result.data?.message ?? 'Queued for sending.'}</FormSuccess>}
        </div>
        <FormError error={formError(state)} className="md:col-span-2" />
        {issues.length > 0 && <IssueList issues={issues} />}
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

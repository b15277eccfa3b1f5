'use client';

import { useActionState } from 'react';
import { toast } from 'sonner';
import { Field } from '@/components/forms/field';
import { FormError, FormSuccess } from '@/components/forms/form-message';
import { fieldError, formError, formValues, type FormState } from '@/components/forms/form-state';
import { SubmitButton } from '@/components/forms/submit-button';
import { Input } from '@/components/ui/input';
import { saveSetting } from '../actions';

export type SettingField = { name: string; label: string; hint?: string };

/** One setting as a small form: a number per field, an optional note for the audit log, Save. */
export function SettingForm({
  settingKey,
  title,
  fields,
  values,
  updatedAt,
}: {
  settingKey: string;
  title: string;
  fields: SettingField[];
  values: Record<string, number>;
  updatedAt: string | null;
}) {
  const [state, action] = useActionState<FormState, FormData>(async (_previous, data) => {
    const submitted = formValues(data);
    const result = await saveSetting({
      key: settingKey,
      values: Object.fromEntries(fields.map((f) => [f.name, submitted[f.name] ?? ''])),
      expectedUpdatedAt: updatedAt,
      note: submitted.note || undefined,
    });
    if (result.ok) toast.success(`${title} saved`);
    else toast.error(result.error);
    return { result, values: submitted };
  }, null);
  // After a refusal the fields show what was typed; otherwise what is stored (the page re-renders after a save).
  const refused = state && !state.result.ok ? state.values : null;
  return (
    <form aria-label={title} action={action} className="grid gap-3">
      <div className="grid gap-3 sm:grid-cols-2">
        {fields.map((f) => (
          <Field key={f.name} label={f.label} hint={f.hint} error={fieldError(state, f.name)}>
            <Input
              name={f.name}
              inputMode="decimal"
              defaultValue={refused ? refused[f.name] : String(values[f.name] ?? '')}
              className="tabular-nums"
            />
          </Field>
        ))}
      </div>
      <Field label="Why (optional, kept in the audit log)" error={fieldError(state, 'note')}>
        <Input name="note" maxLength={500} defaultValue={refused?.note ?? ''} />
      </Field>
      <FormError error={formError(state)} />
      <div className="flex flex-wrap items-center gap-3">
        <SubmitButton size="md" className="text-sm" pendingLabel="Saving…">
          Save {title.toLowerCase()}
        </SubmitButton>
        {state?.result.ok && <FormSuccess>{title} saved</FormSuccess>}
      </div>
    </form>
  );
}

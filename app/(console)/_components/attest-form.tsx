'use client';

import { useActionState } from 'react';
import { toast } from 'sonner';
import { Field } from '@/components/forms/field';
import { FormError } from '@/components/forms/form-message';
import { fieldError, formError, formValues, type FormState } from '@/components/forms/form-state';
import { SubmitButton } from '@/components/forms/submit-button';
import { Input } from '@/components/ui/input';
import { attestChecklistItem } from './checklist-actions';

/** Note + "Mark done" / "Mark not done" for one manual readiness item (admins only; the server checks again). */
export function AttestForm({ itemId, text }: { itemId: string; text: string }) {
  const [state, action] = useActionState<FormState, FormData>(async (_previous, data) => {
    const values = formValues(data);
    // Which button was pressed travels as `done`; Enter in the note is "Mark done", the form's first button.
    const done = values.done !== 'false';
    const result = await attestChecklistItem({ itemId, done, note: values.note ?? '' });
    if (result.ok) toast.success(`${done ? 'Marked done' : 'Marked not done'}: ${text}`);
    else toast.error(result.error);
    return { result, values };
  }, null);
  return (
    <form action={action} className="mt-1.5 flex flex-wrap items-start gap-2">
      <Field
        label={`Note for “${text}”`}
        hideLabel
        error={fieldError(state, 'note', 'itemId')}
        className="min-w-0 flex-1"
      >
        <Input
          name="note"
          // Kept after a refusal, cleared once saved.
          defaultValue={state && !state.result.ok ? state.values.note : ''}
          maxLength={500}
          placeholder="What was done, where it is written down"
          className="text-sm"
        />
      </Field>
      <SubmitButton name="done" value="true" size="sm" pendingLabel="Saving…">
        Mark done
      </SubmitButton>
      <SubmitButton name="done" value="false" size="sm" variant="secondary">
        Mark not done
      </SubmitButton>
      <FormError error={formError(state)} className="w-full py-1 text-xs" />
    </form>
  );
}

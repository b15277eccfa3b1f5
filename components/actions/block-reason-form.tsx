'use client';

import { useActionState, type Ref } from 'react';
import { Field } from '@/components/forms/field';
import { FormError } from '@/components/forms/form-message';
import { fieldError, formError, formValues, type FormState } from '@/components/forms/form-state';
import { SubmitButton } from '@/components/forms/submit-button';
import { cn } from '@/components/ui/cn';
import { Input } from '@/components/ui/input';
import type { ActionResult } from '@/lib/result';

type Props = {
  /**
   * Blocks the document for the reason as typed, and does what follows (a toast, the next page). The server judges
   * the reason (lib/validation/text.ts); its answer is shown here: the reason's error on the field, the rest above.
   */
  block: (reason: string) => Promise<ActionResult>;
  onCancel?: () => void;
  autoFocus?: boolean;
  className?: string;
  /** Reaches the input, so a keyboard shortcut can focus it. */
  ref?: Ref<HTMLInputElement>;
};

/** The one form that asks why a document is blocked, on the document page and in review: the same label, limit and errors everywhere. */
export function BlockReasonForm({ block, onCancel, autoFocus, className, ref }: Props) {
  const [state, action] = useActionState<FormState, FormData>(async (_previous, data) => {
    const values = formValues(data);
    return { result: await block(values.reason ?? ''), values };
  }, null);
  return (
    <form action={action} className={cn('flex flex-wrap items-start gap-2', className)}>
      <Field label="Reason for blocking" hideLabel error={fieldError(state, 'reason')} className="min-w-0 flex-1">
        <Input
          ref={ref}
          name="reason"
          placeholder="Why is this document blocked?"
          maxLength={500}
          // A refused reason stays for correcting (React resets the form after its action).
          defaultValue={state && !state.result.ok ? state.values.reason : ''}
          autoFocus={autoFocus}
          onKeyDown={(e) => onCancel && e.key === 'Escape' && onCancel()}
          className="px-3 py-2"
        />
      </Field>
      <SubmitButton variant="danger" size="lg">
        Block document
      </SubmitButton>
      <FormError error={formError(state)} className="w-full" />
    </form>
  );
}

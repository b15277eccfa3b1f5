'use client';

import { useActionState } from 'react';
import { Field } from '@/components/forms/field';
import { FormError } from '@/components/forms/form-message';
import { fieldError, formError, formValues, type FormState } from '@/components/forms/form-state';
import { SubmitButton } from '@/components/forms/submit-button';
import { Input } from '@/components/ui/input';
import type { Participant } from '@/lib/goroute';
import { lookupParticipant } from '../actions';

/** Support asks GoRoute whether a Peppol participant is registered, and where it receives. */
export function LookupForm() {
  const [state, action] = useActionState<FormState<Participant>, FormData>(async (_previous, data) => {
    const values = formValues(data);
    return { result: await lookupParticipant(values.peppolId ?? ''), values };
  }, null);
  const result = state?.result;
  return (
    <div>
      <form action={action} className="flex flex-wrap items-start gap-2">
        <Field label="Peppol ID" hideLabel error={fieldError(state, 'peppolId')} className="w-72">
          <Input
            name="peppolId"
            // The ID looked up stays in the field, beside its answer.
            defaultValue={state?.values.peppolId ?? ''}
            placeholder="0208:0123456749"
            className="px-3 py-2 font-mono"
          />
        </Field>
        <SubmitButton size="lg" pendingLabel="Looking up…">
          Look up
        </SubmitButton>
      </form>
      <FormError error={formError(state)} className="mt-3" />
      {result?.ok && result.data && (
        <div role="status" className="mt-3 rounded-lg border border-slate-200 bg-white p-4">
          <p className={`font-semibold ${result.data.registered ? 'text-emerald-800' : 'text-red-800'}`}>
            {result.data.participantId} is{' '}
            {result.data.registered
              ? 'registered in the Peppol network'
              : 'not registered (GoRoute would answer 404 to a send)'}
          </p>
          {result.data.name && (
            <p>
              {result.data.name} {result.data.country && `(${result.data.country})`}
            </p>
          )}
          {result.data.accessPoint && (
            <p className="text-sm">
              Access point: {result.data.accessPoint.name}{' '}
              <span className="font-mono text-xs">{result.data.accessPoint.url}</span>
            </p>
          )}
          {result.data.documentTypes.length > 0 && (
            <ul className="mt-2 list-disc pl-5 text-xs">
              {result.data.documentTypes.map((d) => (
                <li key={`${d.documentType}-${d.processId}`} className="break-all font-mono">
                  {d.documentType}
                </li>
              ))}
            </ul>
          )}
          {result.data.certificateValidUntil && (
            <p className="mt-1 text-xs">Certificate valid until {result.data.certificateValidUntil}</p>
          )}
        </div>
      )}
    </div>
  );
}

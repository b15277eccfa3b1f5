'use client';

import { Field } from '@/components/forms/field';
import { cn, focusRing } from '@/components/ui/cn';
import { Input } from '@/components/ui/input';

export type ReviewField = {
  name: string;
  value: string | null;
  structured: string | null;
  candidates: string[] | null;
  category: string;
  reason: string | null;
};

/**
 * One uncertain field: exdata's value beside its candidates, and the value finance settles on. Its value is
 * submitted under the field's name with the review form (a hidden input for a structured field, shown read-only).
 */
export function FieldRow(props: {
  field: ReviewField;
  index: number;
  active: boolean;
  value: string;
  errors?: string[];
  disabled: boolean;
  onFocus: () => void;
  onChange: (value: string) => void;
}) {
  const { field, active, value, errors, disabled } = props;
  return (
    <li
      data-testid={`review-field-${field.name}`}
      aria-current={active ? 'true' : undefined}
      className={`rounded-lg border bg-white p-3 ${active ? 'border-blue-500 ring-2 ring-blue-200' : 'border-slate-200'}`}
    >
      <Field
        label={field.name}
        labelClassName="font-mono"
        labelAside={
          <>
            <span className="rounded bg-slate-100 px-1.5 text-xs">{field.category.replace('_', ' ')}</span>
            {field.reason && <span className="text-xs text-amber-800">{field.reason}</span>}
          </>
        }
        description={
          <>
            <div className="text-xs text-slate-500">
              exdata value: <span className="font-mono text-slate-900">{field.value ?? '(none)'}</span>
            </div>
            {field.candidates && field.candidates.length > 0 && (
              <div className="mt-1 flex flex-wrap gap-1" role="group" aria-label={`Candidates for ${field.name}`}>
                {field.candidates.slice(0, 9).map((c, i) => (
                  <button
                    key={`${c}-${i}`}
                    type="button"
                    disabled={disabled}
                    onClick={() => props.onChange(c)}
                    aria-pressed={value === c}
                    className={cn(
                      'rounded px-2 py-1 font-mono text-xs ring-1 disabled:opacity-60',
                      value === c ? 'bg-blue-700 text-white ring-blue-700' : 'bg-white ring-slate-300',
                      focusRing,
                    )}
                  >
                    <span className="mr-1 opacity-60">{i + 1}</span>
                    {c}
                  </button>
                ))}
              </div>
            )}
          </>
        }
        hint={
          field.structured !== null
            ? 'Approving confirms this breakdown as extracted; block the document if it is wrong.'
            : undefined
        }
        error={errors}
        className="gap-1.5"
      >
        {field.structured !== null ? (
          <pre
            tabIndex={0}
            onFocus={props.onFocus}
            className={cn('max-h-48 overflow-auto rounded bg-slate-50 p-2 text-xs', focusRing)}
          >
            {field.structured}
          </pre>
        ) : (
          <Input
            name={field.name}
            value={value}
            disabled={disabled}
            onFocus={props.onFocus}
            onChange={(e) => props.onChange(e.target.value)}
            // Enter would submit (approve) the whole review: approving is the a key or the button, never a stray Enter.
            onKeyDown={(e) => e.key === 'Enter' && e.preventDefault()}
            className="font-mono"
          />
        )}
      </Field>
      {field.structured !== null && <input type="hidden" name={field.name} value={value} />}
    </li>
  );
}

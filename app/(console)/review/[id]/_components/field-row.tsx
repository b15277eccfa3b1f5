'use client';

export type ReviewField = {
  name: string;
  value: string | null;
  structured: string | null;
  candidates: string[] | null;
  category: string;
  reason: string | null;
};

/** One uncertain field: exdata's value beside its candidates, and the value finance settles on. */
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
  const inputId = `field-${field.name}`;
  return (
    <li
      data-testid={`review-field-${field.name}`}
      aria-current={active ? 'true' : undefined}
      className={`rounded-lg border bg-white p-3 ${active ? 'border-blue-500 ring-2 ring-blue-200' : 'border-slate-200'}`}
    >
      <div className="flex flex-wrap items-baseline gap-2">
        <label htmlFor={inputId} className="font-mono font-medium">
          {field.name}
        </label>
        <span className="rounded bg-slate-100 px-1.5 text-xs">{field.category.replace('_', ' ')}</span>
        {field.reason && <span className="text-xs text-amber-800">{field.reason}</span>}
      </div>
      <div className="mt-1 text-xs text-slate-500">
        exdata value: <span className="font-mono text-slate-900">{field.value ?? '(none)'}</span>
      </div>
      {field.candidates && field.candidates.length > 0 && (
        <div className="mt-2 flex flex-wrap gap-1" role="group" aria-label={`Candidates for ${field.name}`}>
          {field.candidates.slice(0, 9).map((c, i) => (
            <button
              key={`${c}-${i}`}
              type="button"
              disabled={disabled}
              onClick={() => props.onChange(c)}
              aria-pressed={value === c}
              className={`rounded px-2 py-1 font-mono text-xs ring-1 ${value === c ? 'bg-blue-700 text-white ring-blue-700' : 'bg-white ring-slate-300'}`}
            >
              <span className="mr-1 opacity-60">{i + 1}</span>
              {c}
            </button>
          ))}
        </div>
      )}
      {field.structured !== null ? (
        <pre
          id={inputId}
          tabIndex={0}
          onFocus={props.onFocus}
          className="mt-2 max-h-48 overflow-auto rounded bg-slate-50 p-2 text-xs"
        >
          {field.structured}
        </pre>
      ) : (
        <input
          id={inputId}
          value={value}
          disabled={disabled}
          onFocus={props.onFocus}
          onChange={(e) => props.onChange(e.target.value)}
          aria-invalid={errors ? 'true' : undefined}
          className="mt-2 w-full rounded border border-slate-300 px-2 py-1 font-mono"
        />
      )}
      {field.structured !== null && (
        <p className="mt-1 text-xs text-slate-500">
          Approving confirms this breakdown as extracted; block the document if it is wrong.
        </p>
      )}
      {errors?.map((e) => (
        <p key={e} className="mt-1 text-xs text-red-700">
          {e}
        </p>
      ))}
    </li>
  );
}

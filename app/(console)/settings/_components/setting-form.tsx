'use client';

import { useId, useState, useTransition } from 'react';
import { toast } from '@/components/ui/toaster';
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
  const [draft, setDraft] = useState(() =>
    Object.fromEntries(fields.map((f) => [f.name, String(values[f.name] ?? '')])),
  );
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, start] = useTransition();
  const id = useId();
  return (
    <form
      aria-label={title}
      className="grid gap-3"
      onSubmit={(e) => {
        e.preventDefault();
        start(async () => {
          const r = await saveSetting({
            key: settingKey,
            values: draft,
            expectedUpdatedAt: updatedAt,
            note: note || undefined,
          });
          setErrors(r.ok ? {} : (r.fieldErrors ?? {}));
          const text = r.ok ? `${title} saved` : r.error;
          setMessage({ ok: r.ok, text });
          if (r.ok) setNote('');
          toast(text, r.ok);
        });
      }}
    >
      <div className="grid gap-3 sm:grid-cols-2">
        {fields.map((f) => (
          <label key={f.name} className="block text-sm">
            <span className="font-medium">{f.label}</span>
            <input
              inputMode="decimal"
              value={draft[f.name] ?? ''}
              onChange={(e) => setDraft((d) => ({ ...d, [f.name]: e.target.value }))}
              aria-invalid={errors[f.name] ? 'true' : undefined}
              aria-describedby={`${id}-${f.name}`}
              className="mt-0.5 w-full rounded border border-slate-300 px-2 py-1 tabular-nums"
            />
            <span id={`${id}-${f.name}`} className="block text-xs">
              {errors[f.name]?.map((m) => (
                <span key={m} className="block text-red-700">
                  {m}
                </span>
              ))}
              {f.hint && <span className="text-slate-500">{f.hint}</span>}
            </span>
          </label>
        ))}
      </div>
      <label className="block text-sm">
        <span className="font-medium">Why (optional, kept in the audit log)</span>
        <input
          value={note}
          onChange={(e) => setNote(e.target.value)}
          maxLength={500}
          aria-invalid={errors.note ? 'true' : undefined}
          aria-describedby={errors.note ? `${id}-note` : undefined}
          className="mt-0.5 w-full rounded border border-slate-300 px-2 py-1"
        />
        {errors.note && (
          <span id={`${id}-note`} className="block text-xs text-red-700">
            {errors.note.join(' ')}
          </span>
        )}
      </label>
      <div>
        <button
          type="submit"
          disabled={pending}
          className="rounded bg-slate-900 px-3 py-1.5 text-sm font-medium text-white disabled:opacity-50"
        >
          {pending ? 'Saving…' : `Save ${title.toLowerCase()}`}
        </button>
        {message && (
          <span role="status" className={`ml-3 text-sm ${message.ok ? 'text-emerald-800' : 'text-red-800'}`}>
            {message.text}
          </span>
        )}
      </div>
    </form>
  );
}

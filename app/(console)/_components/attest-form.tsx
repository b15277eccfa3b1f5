'use client';

import { useId, useState, useTransition } from 'react';
import { toast } from '@/components/ui/toaster';
import { attestChecklistItem } from './checklist-actions';

/** Note + "Mark done" / "Mark not done" for one manual readiness item (admins only; the server checks again). */
export function AttestForm({ itemId, text }: { itemId: string; text: string }) {
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<string[]>([]);
  const [pending, start] = useTransition();
  const id = useId();
  const submit = (done: boolean) =>
    start(async () => {
      const r = await attestChecklistItem({ itemId, done, note });
      setErrors(r.ok ? [] : (r.fieldErrors?.note ?? r.fieldErrors?.itemId ?? [r.error]));
      if (r.ok) setNote('');
      toast(r.ok ? `${done ? 'Marked done' : 'Marked not done'}: ${text}` : r.error, r.ok);
    });
  return (
    <form
      className="mt-1.5 flex flex-wrap items-start gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        submit(true);
      }}
    >
      <label htmlFor={id} className="sr-only">
        Note for “{text}”
      </label>
      <input
        id={id}
        value={note}
        onChange={(e) => setNote(e.target.value)}
        maxLength={500}
        placeholder="What was done, where it is written down"
        aria-invalid={errors.length ? 'true' : undefined}
        aria-describedby={errors.length ? `${id}-error` : undefined}
        className="min-w-0 flex-1 rounded border border-slate-300 px-2 py-1 text-sm"
      />
      <button
        type="submit"
        disabled={pending}
        className="rounded bg-slate-900 px-2.5 py-1 text-sm font-medium text-white disabled:opacity-50"
      >
        {pending ? 'Saving…' : 'Mark done'}
      </button>
      <button
        type="button"
        disabled={pending}
        onClick={() => submit(false)}
        className="rounded px-2.5 py-1 text-sm ring-1 ring-slate-300 disabled:opacity-50"
      >
        Mark not done
      </button>
      {errors.length > 0 && (
        <p id={`${id}-error`} className="w-full text-xs text-red-700">
          {errors.join(' ')}
        </p>
      )}
    </form>
  );
}

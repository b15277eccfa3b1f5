'use client';

import { useState, useTransition } from 'react';
import { toast } from '@/components/ui/toaster';
import { fixAndResendDocument } from '../../actions';

/** Correct the invoice's fields and send it again; the server rechecks every value and the state. */
export function FixForm({ documentId, fields }: { documentId: string; fields: { name: string; value: string }[] }) {
  const [values, setValues] = useState(() => Object.fromEntries(fields.map((f) => [f.name, f.value])));
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, start] = useTransition();
  return (
    <details className="mb-4 rounded-lg border border-slate-200 bg-white p-4">
      <summary className="cursor-pointer font-semibold">Fix and resend</summary>
      <form
        className="mt-3 grid gap-2 md:grid-cols-2"
        onSubmit={(e) => {
          e.preventDefault();
          const changed = Object.fromEntries(Object.entries(values).filter(([k, v]) => v !== fields.find((f) => f.name === k)?.value));
          start(async () => {
            const r = await fixAndResendDocument({ documentId, values: changed });
            setErrors(r.ok ? {} : (r.fieldErrors ?? {}));
            const text = r.ok ? 'Resent: the corrected invoice is validated and sent with a new idempotency key.' : r.error;
            setMessage({ ok: r.ok, text });
            toast(r.ok ? 'Fixed and resent' : r.error, r.ok);
          });
        }}
      >
        {fields.map((f) => (
          <label key={f.name} className="block text-sm">
            <span className="font-mono text-xs">{f.name}</span>
            <input value={values[f.name] ?? ''} onChange={(e) => setValues((v) => ({ ...v, [f.name]: e.target.value }))} aria-invalid={errors[f.name] ? 'true' : undefined} className="mt-0.5 w-full rounded border border-slate-300 px-2 py-1 font-mono" />
            {errors[f.name]?.map((m) => <span key={m} className="block text-xs text-red-700">{m}</span>)}
          </label>
        ))}
        <div className="md:col-span-2">
          <button type="submit" disabled={pending} className="rounded bg-slate-900 px-4 py-2 font-medium text-white disabled:opacity-50">{pending ? 'Resending…' : 'Save and resend'}</button>
          {message && <span role="status" className={`ml-3 text-sm ${message.ok ? 'text-emerald-800' : 'text-red-800'}`}>{message.text}</span>}
        </div>
      </form>
    </details>
  );
}

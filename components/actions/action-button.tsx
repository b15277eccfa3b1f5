'use client';

import { useState, useTransition } from 'react';
import { toast } from '@/components/ui/toaster';

/** A button that runs one server action, shows it is working, and says what happened. */
export function ActionButton({
  label,
  run,
  confirm,
}: {
  label: string;
  run: () => Promise<{ ok: boolean; error?: string }>;
  confirm?: string;
}) {
  const [pending, start] = useTransition();
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  return (
    <span className="inline-flex items-center gap-2">
      <button
        type="button"
        disabled={pending}
        onClick={() => {
          if (confirm && !window.confirm(confirm)) return;
          start(async () => {
            const r = await run();
            const text = r.ok ? `${label}: done` : (r.error ?? 'Failed');
            setResult({ ok: r.ok, text });
            toast(text, r.ok);
          });
        }}
        className="rounded bg-slate-900 px-3 py-1.5 text-sm font-medium text-white disabled:opacity-50"
      >
        {pending ? 'Working…' : label}
      </button>
      {result && (
        <span role="status" className={`text-sm ${result.ok ? 'text-emerald-800' : 'text-red-800'}`}>
          {result.text}
        </span>
      )}
    </span>
  );
}

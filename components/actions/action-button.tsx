'use client';

import { useState, useTransition } from 'react';
import { toast } from 'sonner';
import { Button } from '@/components/ui/button';
import { ConfirmButton, type Confirmation } from './confirm-button';

/** A button that runs one server action (asking first when `confirm` is given), shows it is working, and says what happened. */
export function ActionButton({
  label,
  run,
  confirm,
}: {
  label: string;
  run: () => Promise<{ ok: boolean; error?: string }>;
  confirm?: Confirmation;
}) {
  const [pending, start] = useTransition();
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const act = () =>
    start(async () => {
      const r = await run();
      const text = r.ok ? `${label}: done` : (r.error ?? 'Failed');
      setResult({ ok: r.ok, text });
      if (r.ok) toast.success(text);
      else toast.error(text);
    });
  const shown = pending ? 'Working…' : label;
  return (
    <span className="inline-flex items-center gap-2">
      {confirm ? (
        <ConfirmButton confirm={confirm} onConfirm={act} pending={pending} className="text-sm">
          {shown}
        </ConfirmButton>
      ) : (
        <Button disabled={pending} onClick={act} className="text-sm">
          {shown}
        </Button>
      )}
      {result && (
        <span role="status" className={`text-sm ${result.ok ? 'text-emerald-800' : 'text-red-800'}`}>
          {result.text}
        </span>
      )}
    </span>
  );
}

'use client';

import { useEffect, useState, useTransition } from 'react';
import { toast } from 'sonner';
import { ConfirmButton } from '@/components/actions/confirm-button';
import { bulkRetryFailures } from '../actions';

/** Preview → confirm → progress: how many of the retried sends have left the failed state. */
export function BulkRetry({ category, preview }: { category?: string; preview: number }) {
  const [pending, start] = useTransition();
  const [run, setRun] = useState<{ total: number; remaining: number } | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!run || run.remaining === 0) return;
    const timer = setInterval(async () => {
      const res = await fetch(`/api/failures/retryable${category ? `?category=${category}` : ''}`, {
        cache: 'no-store',
      });
      const body = (await res.json().catch(() => null)) as { remaining?: number } | null;
      if (body?.remaining !== undefined)
        setRun((r) => (r ? { ...r, remaining: Math.min(r.total, body.remaining!) } : r));
    }, 1500);
    return () => clearInterval(timer);
  }, [run, category]);

  if (preview === 0 && !run) return null;
  const done = run ? run.total - run.remaining : 0;
  const sends = `${preview} failed send${preview === 1 ? '' : 's'}`;
  return (
    <div className="mb-4 rounded-lg border border-slate-200 bg-white p-3">
      {!run ? (
        <ConfirmButton
          pending={pending}
          confirm={{
            title: `Retry ${sends} now?`,
            description: 'Each keeps its idempotency key, so none can be sent twice.',
            action: `Retry ${sends}`,
          }}
          onConfirm={() =>
            start(async () => {
              const r = await bulkRetryFailures(category ?? '');
              if (r.ok) {
                setRun({ total: r.data!.count, remaining: r.data!.count });
                toast.success(`Bulk retry started for ${r.data!.count} sends`);
              } else setError(r.error);
            })
          }
        >
          {pending ? 'Starting…' : `Retry ${preview} retryable send${preview === 1 ? '' : 's'}`}
        </ConfirmButton>
      ) : (
        <div role="status" aria-live="polite">
          <p className="text-sm">
            Bulk retry: {done} of {run.total} no longer failing{run.remaining === 0 ? ' — done.' : '…'}
          </p>
          <progress max={run.total} value={done} className="mt-1 w-full" aria-label="Bulk retry progress" />
        </div>
      )}
      {error && (
        <p role="alert" className="mt-2 text-sm text-red-800">
          {error}
        </p>
      )}
    </div>
  );
}

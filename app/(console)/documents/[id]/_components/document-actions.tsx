'use client';

import { useId, useRef, useState, useTransition } from 'react';
import { toast } from '@/components/ui/toaster';
import type { AvailableActions } from '@/lib/rules/document-actions';
import { blockFromDocument, retryDocumentUpload, retrySend, unblockFromDocument } from '../../actions';

/** The buttons a role may use on this document in its state; the server checks both again. */
export function DocumentActions({ documentId, actions }: { documentId: string; actions: AvailableActions }) {
  const [pending, start] = useTransition();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [blocking, setBlocking] = useState(false);
  const [reasonErrors, setReasonErrors] = useState<string[]>([]);
  const reason = useRef<HTMLInputElement>(null);
  const reasonErrorId = useId();
  const run = (label: string, call: () => Promise<{ ok: boolean; error?: string; fieldErrors?: Record<string, string[]> }>) =>
    start(async () => {
      const r = await call();
      const text = r.ok ? `${label}: done` : (r.error ?? 'Failed');
      setMessage({ ok: r.ok, text });
      setReasonErrors(r.fieldErrors?.reason ?? []);
      toast(text, r.ok);
      if (r.ok) setBlocking(false);
    });
  if (!actions.retrySend && !actions.retryUpload && !actions.block && !actions.unblock) return null;
  const button = 'rounded px-3 py-1.5 font-medium disabled:opacity-50';
  return (
    <section aria-label="Actions" className="mb-4 rounded-lg border border-slate-200 bg-white p-3">
      <div className="flex flex-wrap gap-2">
        {actions.retrySend && (
          <button type="button" disabled={pending} className={`${button} bg-slate-900 text-white`} onClick={() => run('Retry', () => retrySend({ documentId, transactionId: actions.retrySend }))}>
            Retry send
          </button>
        )}
        {actions.retryUpload && (
          <button
            type="button"
            disabled={pending}
            className={`${button} bg-slate-900 text-white`}
            onClick={() => window.confirm('Upload again with a new idempotency key? If exdata credits are still exhausted, it will be blocked again.') && run('Re-upload', () => retryDocumentUpload({ documentId }))}
          >
            Upload again
          </button>
        )}
        {actions.block && (
          <button type="button" disabled={pending} className={`${button} border border-red-300 text-red-800`} onClick={() => setBlocking(true)}>
            Block
          </button>
        )}
        {actions.unblock && (
          <button type="button" disabled={pending} className={`${button} border border-slate-300`} onClick={() => run('Unblock', () => unblockFromDocument({ documentId }))}>
            Unblock
          </button>
        )}
      </div>
      {blocking && (
        <form className="mt-2 flex flex-wrap gap-2" onSubmit={(e) => { e.preventDefault(); run('Block', () => blockFromDocument({ documentId, reason: reason.current?.value ?? '' })); }}>
          <input
            ref={reason}
            aria-label="Reason for blocking"
            placeholder="Why is this document blocked?"
            maxLength={500}
            aria-invalid={reasonErrors.length ? 'true' : undefined}
            aria-describedby={reasonErrors.length ? reasonErrorId : undefined}
            className="min-w-0 flex-1 rounded border border-slate-300 px-2 py-1"
            autoFocus
          />
          <button type="submit" disabled={pending} className={`${button} bg-red-700 text-white`}>Block document</button>
          {reasonErrors.length > 0 && (
            <p id={reasonErrorId} className="w-full text-xs text-red-700">
              {reasonErrors.join(' ')}
            </p>
          )}
        </form>
      )}
      {message && <p role="status" className={`mt-2 text-sm ${message.ok ? 'text-emerald-800' : 'text-red-800'}`}>{message.text}</p>}
    </section>
  );
}

'use client';

import { useState, useTransition } from 'react';
import { BlockReasonForm } from '@/components/actions/block-reason-form';
import { toast } from '@/components/ui/toaster';
import type { AvailableActions } from '@/lib/rules/document-actions';
import { blockFromDocument, retryDocumentUpload, retrySend, unblockFromDocument } from '../../actions';

/** The buttons a role may use on this document in its state; the server checks both again. */
export function DocumentActions({ documentId, actions }: { documentId: string; actions: AvailableActions }) {
  const [pending, start] = useTransition();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [blocking, setBlocking] = useState(false);
  const [reasonErrors, setReasonErrors] = useState<string[]>([]);
  const run = (
    label: string,
    call: () => Promise<{ ok: boolean; error?: string; fieldErrors?: Record<string, string[]> }>,
  ) =>
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
          <button
            type="button"
            disabled={pending}
            className={`${button} bg-slate-900 text-white`}
            onClick={() => run('Retry', () => retrySend({ documentId, transactionId: actions.retrySend }))}
          >
            Retry send
          </button>
        )}
        {actions.retryUpload && (
          <button
            type="button"
            disabled={pending}
            className={`${button} bg-slate-900 text-white`}
            onClick={() =>
              window.confirm(
                'Upload again with a new idempotency key? If exdata credits are still exhausted, it will be blocked again.',
              ) && run('Re-upload', () => retryDocumentUpload({ documentId }))
            }
          >
            Upload again
          </button>
        )}
        {actions.block && (
          <button
            type="button"
            disabled={pending}
            className={`${button} border border-red-300 text-red-800`}
            onClick={() => setBlocking(true)}
          >
            Block
          </button>
        )}
        {actions.unblock && (
          <button
            type="button"
            disabled={pending}
            className={`${button} border border-slate-300`}
            onClick={() => run('Unblock', () => unblockFromDocument({ documentId }))}
          >
            Unblock
          </button>
        )}
      </div>
      {blocking && (
        <BlockReasonForm
          className="mt-2"
          autoFocus
          pending={pending}
          errors={reasonErrors}
          onBlock={(reason) => run('Block', () => blockFromDocument({ documentId, reason }))}
        />
      )}
      {message && (
        <p role="status" className={`mt-2 text-sm ${message.ok ? 'text-emerald-800' : 'text-red-800'}`}>
          {message.text}
        </p>
      )}
    </section>
  );
}

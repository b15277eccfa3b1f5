'use client';

import { useState, useTransition } from 'react';
import { toast } from 'sonner';
import { BlockReasonForm } from '@/components/actions/block-reason-form';
import { ConfirmButton } from '@/components/actions/confirm-button';
import { Button } from '@/components/ui/button';
import type { AvailableActions } from '@/lib/rules/document-actions';
import type { ActionResult } from '@/lib/result';
import { blockFromDocument, retryDocumentUpload, retrySend, unblockFromDocument } from '../../actions';

/** The buttons a role may use on this document in its state; the server checks both again. */
export function DocumentActions({ documentId, actions }: { documentId: string; actions: AvailableActions }) {
  const [pending, start] = useTransition();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [blocking, setBlocking] = useState(false);
  const report = (label: string, r: ActionResult) => {
    const text = r.ok ? `${label}: done` : r.error;
    setMessage({ ok: r.ok, text });
    if (r.ok) toast.success(text);
    else toast.error(text);
  };
  const run = (label: string, call: () => Promise<ActionResult>) => start(async () => report(label, await call()));
  if (!actions.retrySend && !actions.retryUpload && !actions.block && !actions.unblock) return null;
  return (
    <section aria-label="Actions" className="mb-4 rounded-lg border border-slate-200 bg-white p-3">
      <div className="flex flex-wrap gap-2">
        {actions.retrySend && (
          <Button
            disabled={pending}
            onClick={() => run('Retry', () => retrySend({ documentId, transactionId: actions.retrySend }))}
          >
            Retry send
          </Button>
        )}
        {actions.retryUpload && (
          <ConfirmButton
            pending={pending}
            confirm={{
              title: 'Upload again with a new idempotency key?',
              description: 'If exdata credits are still exhausted, it will be blocked again.',
              action: 'Upload again',
            }}
            onConfirm={() => run('Re-upload', () => retryDocumentUpload({ documentId }))}
          >
            Upload again
          </ConfirmButton>
        )}
        {actions.block && (
          <Button variant="danger-outline" disabled={pending} onClick={() => setBlocking(true)}>
            Block
          </Button>
        )}
        {actions.unblock && (
          <Button
            variant="secondary"
            disabled={pending}
            onClick={() => run('Unblock', () => unblockFromDocument({ documentId }))}
          >
            Unblock
          </Button>
        )}
      </div>
      {blocking && (
        <BlockReasonForm
          className="mt-2"
          autoFocus
          block={async (reason) => {
            const r = await blockFromDocument({ documentId, reason });
            // A refusal is shown by the form itself (the reason's error on the field); the toast says it too.
            if (r.ok) {
              report('Block', r);
              setBlocking(false);
            } else toast.error(r.error);
            return r;
          }}
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

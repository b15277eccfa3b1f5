'use client';

import { forwardRef, useId } from 'react';

type Props = {
  /** The reason as typed; the server judges it (lib/validation/text.ts) and answers with `errors`. */
  onBlock: (reason: string) => void;
  errors: string[];
  pending: boolean;
  onCancel?: () => void;
  autoFocus?: boolean;
  className?: string;
};

/**
 * The one form that asks why a document is blocked, on the document page and in review: the same label, limit and
 * field-error wiring everywhere. The ref reaches the input, so a keyboard shortcut can focus it.
 */
export const BlockReasonForm = forwardRef<HTMLInputElement, Props>(function BlockReasonForm(
  { onBlock, errors, pending, onCancel, autoFocus, className },
  ref,
) {
  const errorId = useId();
  return (
    <form
      className={`flex flex-wrap gap-2 ${className ?? ''}`}
      onSubmit={(e) => {
        e.preventDefault();
        onBlock(String(new FormData(e.currentTarget).get('reason') ?? ''));
      }}
    >
      <input
        ref={ref}
        name="reason"
        aria-label="Reason for blocking"
        placeholder="Why is this document blocked?"
        maxLength={500}
        aria-invalid={errors.length ? 'true' : undefined}
        aria-describedby={errors.length ? errorId : undefined}
        className="min-w-0 flex-1 rounded border border-slate-300 px-3 py-2"
        autoFocus={autoFocus}
        onKeyDown={(e) => onCancel && e.key === 'Escape' && onCancel()}
      />
      <button
        type="submit"
        disabled={pending}
        className="rounded bg-red-700 px-4 py-2 font-medium text-white disabled:opacity-60"
      >
        Block document
      </button>
      {errors.length > 0 && (
        <p id={errorId} className="w-full text-xs text-red-700">
          {errors.join(' ')}
        </p>
      )}
    </form>
  );
});

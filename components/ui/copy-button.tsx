'use client';

import { useState } from 'react';

/** Copies an ID to the clipboard; support pastes these into provider tickets all day. */
export function CopyButton({ value, label }: { value: string; label: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      aria-label={`Copy ${label}`}
      onClick={() => {
        void navigator.clipboard?.writeText(value).then(() => {
          setCopied(true);
          setTimeout(() => setCopied(false), 1500);
        });
      }}
      className="ml-1 rounded px-1 text-xs text-slate-500 ring-1 ring-slate-200 hover:bg-slate-100"
    >
      {copied ? 'copied' : 'copy'}
    </button>
  );
}

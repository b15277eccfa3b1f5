'use client';

import { useEffect, useState } from 'react';

type Toast = { id: number; text: string; ok: boolean };
const EVENT = 'invoice-ops:toast';
let next = 1;

/** Announces the result of an action in the corner, whatever part of the page it came from. */
export function toast(text: string, ok = true) {
  window.dispatchEvent(new CustomEvent<Toast>(EVENT, { detail: { id: next++, text, ok } }));
}

export function Toaster() {
  const [toasts, setToasts] = useState<Toast[]>([]);
  useEffect(() => {
    const onToast = (e: Event) => {
      const t = (e as CustomEvent<Toast>).detail;
      setToasts((list) => [...list.slice(-3), t]);
      setTimeout(() => setToasts((list) => list.filter((x) => x.id !== t.id)), 5_000);
    };
    window.addEventListener(EVENT, onToast);
    return () => window.removeEventListener(EVENT, onToast);
  }, []);
  return (
    <section
      aria-label="Notifications"
      aria-live="polite"
      className="pointer-events-none fixed bottom-4 right-4 z-50 flex w-80 flex-col gap-2"
    >
      {toasts.map((t) => (
        <p
          key={t.id}
          className={`pointer-events-auto rounded-lg px-4 py-3 text-sm text-white shadow-lg ${t.ok ? 'bg-emerald-700' : 'bg-red-700'}`}
        >
          {t.text}
        </p>
      ))}
    </section>
  );
}

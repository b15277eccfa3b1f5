'use client';

import { useState, useTransition } from 'react';
import type { Participant } from '@/lib/goroute';
import { lookupParticipant } from '../actions';

export function LookupForm() {
  const [pending, start] = useTransition();
  const [result, setResult] = useState<{ ok: true; p: Participant } | { ok: false; error: string } | null>(null);
  return (
    <div>
      <form
        className="flex gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          const id = String(new FormData(e.currentTarget).get('peppolId') ?? '');
          start(async () => {
            const r = await lookupParticipant(id);
            setResult(r.ok ? { ok: true, p: r.data! } : { ok: false, error: r.error });
          });
        }}
      >
        <label htmlFor="peppolId" className="sr-only">
          Peppol ID
        </label>
        <input
          id="peppolId"
          name="peppolId"
          placeholder="0208:0123456749"
          className="w-72 rounded border border-slate-300 px-3 py-2 font-mono"
        />
        <button
          type="submit"
          disabled={pending}
          className="rounded bg-slate-900 px-4 py-2 font-medium text-white disabled:opacity-50"
        >
          {pending ? 'Looking up…' : 'Look up'}
        </button>
      </form>
      {result && !result.ok && (
        <p role="alert" className="mt-3 rounded bg-red-50 px-3 py-2 text-red-800">
          {result.error}
        </p>
      )}
      {result?.ok && (
        <div role="status" className="mt-3 rounded-lg border border-slate-200 bg-white p-4">
          <p className={`font-semibold ${result.p.registered ? 'text-emerald-800' : 'text-red-800'}`}>
            {result.p.participantId} is{' '}
            {result.p.registered
              ? 'registered in the Peppol network'
              : 'not registered (GoRoute would answer 404 to a send)'}
          </p>
          {result.p.name && (
            <p>
              {result.p.name} {result.p.country && `(${result.p.country})`}
            </p>
          )}
          {result.p.accessPoint && (
            <p className="text-sm">
              Access point: {result.p.accessPoint.name}{' '}
              <span className="font-mono text-xs">{result.p.accessPoint.url}</span>
            </p>
          )}
          {result.p.documentTypes.length > 0 && (
            <ul className="mt-2 list-disc pl-5 text-xs">
              {result.p.documentTypes.map((d) => (
                <li key={`${d.documentType}-${d.processId}`} className="break-all font-mono">
                  {d.documentType}
                </li>
              ))}
            </ul>
          )}
          {result.p.certificateValidUntil && (
            <p className="mt-1 text-xs">Certificate valid until {result.p.certificateValidUntil}</p>
          )}
        </div>
      )}
    </div>
  );
}

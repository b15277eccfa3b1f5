'use client';

import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useRef, useState, useTransition } from 'react';
import { BlockReasonForm } from '@/components/actions/block-reason-form';
import { toast } from '@/components/ui/toaster';
import { approveReview, blockReview, claimReview } from '../../actions';
import { FieldRow, type ReviewField } from './field-row';
import { KeyHelp } from './key-help';

type Claim = { state: 'claiming' } | { state: 'held'; expiresAt: string } | { state: 'refused'; reason: string };

/** The keyboard-driven review of one document's uncertain fields. */
export function ReviewForm({
  documentId,
  fields,
  canDecide,
}: {
  documentId: string;
  fields: ReviewField[];
  canDecide: boolean;
}) {
  const router = useRouter();
  const [claim, setClaim] = useState<Claim>({ state: 'claiming' });
  const [choices, setChoices] = useState<Record<string, string>>(() =>
    Object.fromEntries(fields.map((f) => [f.name, f.value ?? ''])),
  );
  const [active, setActive] = useState(0);
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [message, setMessage] = useState<{ tone: 'error' | 'ok'; text: string } | null>(null);
  const [blocking, setBlocking] = useState(false);
  const [reasonErrors, setReasonErrors] = useState<string[]>([]);
  const [help, setHelp] = useState(false);
  const [pending, startTransition] = useTransition();
  const reasonRef = useRef<HTMLInputElement>(null);
  const canAct = canDecide && claim.state === 'held' && !pending;

  useEffect(() => {
    if (!canDecide) return;
    claimReview(documentId).then((r) =>
      setClaim(r.ok ? { state: 'held', expiresAt: r.data!.expiresAt } : { state: 'refused', reason: r.error }),
    );
  }, [documentId, canDecide]);

  const approve = useCallback(() => {
    startTransition(async () => {
      const r = await approveReview({
        documentId,
        values: Object.fromEntries(fields.map((f) => [f.name, choices[f.name] ?? ''])),
      });
      if (r.ok) {
        toast('Approved — the invoice is on its way to GoRoute.');
        router.push('/review/next');
      } else {
        setErrors(r.fieldErrors ?? {});
        setMessage({ tone: 'error', text: r.error });
      }
    });
  }, [documentId, fields, choices, router]);

  const block = (reason: string) =>
    startTransition(async () => {
      const r = await blockReview({ documentId, reason });
      if (r.ok) {
        toast('Blocked');
        router.push('/review/next');
      } else {
        setReasonErrors(r.fieldErrors?.reason ?? []);
        setMessage({ tone: 'error', text: r.error });
      }
    });

  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      const typing = e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement;
      if (typing || e.metaKey || e.ctrlKey || e.altKey) return;
      if (e.key === '?') setHelp((h) => !h);
      else if (e.key === 'j') setActive((i) => Math.min(fields.length - 1, i + 1));
      else if (e.key === 'k') setActive((i) => Math.max(0, i - 1));
      else if (/^[1-9]$/.test(e.key) && canAct) {
        const field = fields[active];
        const candidate = field?.candidates?.[Number(e.key) - 1];
        if (field && candidate !== undefined) setChoices((c) => ({ ...c, [field.name]: candidate }));
      } else if (e.key === 'a' && canAct) approve();
      else if (e.key === 'b' && canAct) {
        setBlocking(true);
        setTimeout(() => reasonRef.current?.focus(), 0);
      } else return;
      e.preventDefault();
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [fields, active, canAct, approve]);

  return (
    <section aria-label="Review">
      {canDecide && claim.state === 'claiming' && <p className="mb-3 text-slate-500">Claiming this document…</p>}
      {claim.state === 'refused' && (
        <p
          role="alert"
          className="mb-3 rounded border border-amber-300 bg-amber-50 px-3 py-2 text-amber-900"
          data-testid="claim-refused"
        >
          {claim.reason}. You can read it, but not decide.
        </p>
      )}
      {claim.state === 'held' && (
        <p className="mb-3 text-xs text-slate-500" data-testid="claim-held">
          You hold this document until {new Date(claim.expiresAt).toLocaleTimeString('en-GB')}.
        </p>
      )}
      <ol className="space-y-3">
        {fields.map((f, i) => (
          <FieldRow
            key={f.name}
            field={f}
            index={i}
            active={i === active}
            value={choices[f.name] ?? ''}
            errors={errors[f.name]}
            disabled={!canAct}
            onFocus={() => setActive(i)}
            onChange={(v) => setChoices((c) => ({ ...c, [f.name]: v }))}
          />
        ))}
      </ol>
      {message && (
        <p
          role="status"
          className={`mt-3 rounded px-3 py-2 ${message.tone === 'error' ? 'bg-red-50 text-red-800' : 'bg-emerald-50 text-emerald-800'}`}
        >
          {message.text}
        </p>
      )}
      {canDecide && (
        <div className="mt-4 flex flex-wrap items-center gap-2">
          <button
            type="button"
            onClick={approve}
            disabled={!canAct}
            className="rounded bg-emerald-700 px-4 py-2 font-medium text-white disabled:opacity-50"
          >
            {pending ? 'Working…' : 'Approve (a)'}
          </button>
          <button
            type="button"
            onClick={() => setBlocking(true)}
            disabled={!canAct}
            className="rounded border border-red-300 px-4 py-2 font-medium text-red-800 disabled:opacity-50"
          >
            Block (b)
          </button>
          <button type="button" onClick={() => setHelp((h) => !h)} className="ml-auto text-xs text-slate-500 underline">
            Keyboard (?)
          </button>
        </div>
      )}
      {blocking && (
        <BlockReasonForm
          ref={reasonRef}
          className="mt-3"
          pending={pending}
          errors={reasonErrors}
          onBlock={block}
          onCancel={() => setBlocking(false)}
        />
      )}
      {help && <KeyHelp />}
    </section>
  );
}

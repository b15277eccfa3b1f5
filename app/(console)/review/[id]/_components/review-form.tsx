'use client';

import { useRouter } from 'next/navigation';
import { useActionState, useEffect, useRef, useState } from 'react';
import { toast } from 'sonner';
import { BlockReasonForm } from '@/components/actions/block-reason-form';
import { FormError } from '@/components/forms/form-message';
import { formError, formValues, type FormState } from '@/components/forms/form-state';
import { SubmitButton } from '@/components/forms/submit-button';
import { Button } from '@/components/ui/button';
import { Dialog, DialogTrigger } from '@/components/ui/dialog';
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
  const [blocking, setBlocking] = useState(false);
  const [help, setHelp] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const reasonRef = useRef<HTMLInputElement>(null);

  // Approving submits the form: every field's value under its name (lib/review/approve.ts judges each).
  const [state, approve, approving] = useActionState<FormState, FormData>(async (_previous, data) => {
    const values = formValues(data);
    const result = await approveReview({
      documentId,
      values: Object.fromEntries(fields.map((f) => [f.name, values[f.name] ?? ''])),
    });
    if (result.ok) {
      toast.success('Approved — the invoice is on its way to GoRoute.');
      router.push('/review/next');
    }
    return { result, values };
  }, null);
  const errors = state && !state.result.ok ? (state.result.fieldErrors ?? {}) : {};
  const canAct = canDecide && claim.state === 'held' && !approving;

  useEffect(() => {
    if (!canDecide) return;
    claimReview(documentId).then((r) =>
      setClaim(r.ok ? { state: 'held', expiresAt: r.data!.expiresAt } : { state: 'refused', reason: r.error }),
    );
  }, [documentId, canDecide]);

  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      const typing = e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement;
      if (typing || e.metaKey || e.ctrlKey || e.altKey) return;
      if (e.key === '?') setHelp((h) => !h);
      // While the shortcuts are shown (a modal dialog), no other shortcut acts on the page behind it.
      else if (help) return;
      else if (e.key === 'j') setActive((i) => Math.min(fields.length - 1, i + 1));
      else if (e.key === 'k') setActive((i) => Math.max(0, i - 1));
      else if (/^[1-9]$/.test(e.key) && canAct) {
        const field = fields[active];
        const candidate = field?.candidates?.[Number(e.key) - 1];
        if (field && candidate !== undefined) setChoices((c) => ({ ...c, [field.name]: candidate }));
      } else if (e.key === 'a' && canAct) formRef.current?.requestSubmit();
      else if (e.key === 'b' && canAct) {
        setBlocking(true);
        setTimeout(() => reasonRef.current?.focus(), 0);
      } else return;
      e.preventDefault();
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [fields, active, canAct, help]);

  return (
    <section aria-label="Review" data-page-keys>
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
      <Dialog open={help} onOpenChange={setHelp}>
        <form ref={formRef} action={approve}>
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
          <FormError error={formError(state)} className="mt-3" />
          {canDecide && (
            <div className="mt-4 flex flex-wrap items-center gap-2">
              <SubmitButton variant="approve" size="lg" disabled={!canAct} pendingLabel="Working…">
                Approve (a)
              </SubmitButton>
              <Button variant="danger-outline" size="lg" onClick={() => setBlocking(true)} disabled={!canAct}>
                Block (b)
              </Button>
              <DialogTrigger asChild>
                <Button variant="link" className="ml-auto text-xs">
                  Keyboard (?)
                </Button>
              </DialogTrigger>
            </div>
          )}
        </form>
        <KeyHelp />
      </Dialog>
      {blocking && (
        <BlockReasonForm
          ref={reasonRef}
          className="mt-3"
          onCancel={() => setBlocking(false)}
          block={async (reason) => {
            const r = await blockReview({ documentId, reason });
            if (r.ok) {
              toast.success('Blocked');
              router.push('/review/next');
            }
            return r;
          }}
        />
      )}
    </section>
  );
}

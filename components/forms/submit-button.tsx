'use client';

import type { ComponentProps, ReactNode } from 'react';
import { useFormStatus } from 'react-dom';
import { Button } from '@/components/ui/button';

type Props = Omit<ComponentProps<typeof Button>, 'type'> & {
  /** The label while the form's action runs ("Saving…"); the normal label when omitted. */
  pendingLabel?: ReactNode;
};

/**
 * The submit button of a `<form action>`: disabled while its form's action runs (useFormStatus), so a second click
 * cannot send the form twice. `name`/`value` travel with the form data, to tell two submit buttons apart.
 */
export function SubmitButton({ pendingLabel, disabled, children, ...props }: Props) {
  const { pending } = useFormStatus();
  return (
    <Button type="submit" disabled={disabled || pending} aria-busy={pending || undefined} {...props}>
      {pending && pendingLabel ? pendingLabel : children}
    </Button>
  );
}

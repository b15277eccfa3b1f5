'use client';

import type { ReactNode } from 'react';
import {
  AlertDialog,
  AlertDialogAction,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogTrigger,
} from '@/components/ui/alert-dialog';
import { Button, type ButtonVariant } from '@/components/ui/button';

/** What to ask before an action: the question, what answering yes does, and the confirming button's label. */
export type Confirmation = { title: string; description: string; action: string };

/**
 * A button that asks first (an alert dialog) and runs `onConfirm` only on the confirming button. Cancel and Escape
 * do nothing, and focus returns to this button either way. While `pending` the button stays focusable (so focus
 * can return to it) but is marked aria-disabled and ignores clicks.
 */
export function ConfirmButton({
  confirm,
  onConfirm,
  pending = false,
  variant = 'primary',
  className,
  children,
}: {
  confirm: Confirmation;
  onConfirm: () => void;
  pending?: boolean;
  variant?: ButtonVariant;
  className?: string;
  children: ReactNode;
}) {
  return (
    <AlertDialog>
      <AlertDialogTrigger asChild>
        <Button
          variant={variant}
          className={className}
          aria-disabled={pending || undefined}
          onClick={(e) => {
            // Radix opens the dialog unless the click was handled here.
            if (pending) e.preventDefault();
          }}
        >
          {children}
        </Button>
      </AlertDialogTrigger>
      <AlertDialogContent title={confirm.title} description={confirm.description}>
        <AlertDialogCancel>Cancel</AlertDialogCancel>
        <AlertDialogAction variant={variant === 'danger-outline' ? 'danger' : variant} onClick={onConfirm}>
          {confirm.action}
        </AlertDialogAction>
      </AlertDialogContent>
    </AlertDialog>
  );
}

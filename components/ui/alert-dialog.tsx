'use client';

import * as AlertDialogPrimitive from '@radix-ui/react-alert-dialog';
import type { ComponentProps, ReactNode } from 'react';
import { buttonClass, type ButtonVariant } from './button';
import { cn } from './cn';
import { overlayClass, panelClass } from './dialog';

/**
 * A question that interrupts (role=alertdialog): it does not close on a click outside, its first focus is Cancel,
 * Escape and Cancel do nothing, and focus returns to the trigger when it closes.
 */
export const AlertDialog = AlertDialogPrimitive.Root;

export const AlertDialogTrigger = AlertDialogPrimitive.Trigger;

type ContentProps = Omit<ComponentProps<typeof AlertDialogPrimitive.Content>, 'title'> & {
  /** The question, e.g. "Resolve this alert?": the dialog's accessible name. */
  title: ReactNode;
  /** What answering yes does; announced with the title. */
  description: ReactNode;
};

/** The dialog with its overlay, title and description; the children are its buttons (AlertDialogCancel, AlertDialogAction). */
export function AlertDialogContent({ title, description, className, children, ...props }: ContentProps) {
  return (
    <AlertDialogPrimitive.Portal>
      <AlertDialogPrimitive.Overlay className={overlayClass} />
      <AlertDialogPrimitive.Content className={cn(panelClass, 'max-w-md', className)} {...props}>
        <AlertDialogPrimitive.Title className="text-base font-semibold">{title}</AlertDialogPrimitive.Title>
        <AlertDialogPrimitive.Description className="mt-1 text-sm text-slate-600">
          {description}
        </AlertDialogPrimitive.Description>
        <div className="mt-5 flex flex-wrap justify-end gap-2">{children}</div>
      </AlertDialogPrimitive.Content>
    </AlertDialogPrimitive.Portal>
  );
}

/** Closes the dialog and does nothing else; focused first, so Enter on a dialog opened by mistake is harmless. */
export function AlertDialogCancel({ className, ...props }: ComponentProps<typeof AlertDialogPrimitive.Cancel>) {
  return <AlertDialogPrimitive.Cancel className={buttonClass({ variant: 'secondary', className })} {...props} />;
}

/** The confirming button: its label says what it does ("Resolve alert", not "OK"). */
export function AlertDialogAction({
  className,
  variant = 'primary',
  ...props
}: ComponentProps<typeof AlertDialogPrimitive.Action> & { variant?: ButtonVariant }) {
  return <AlertDialogPrimitive.Action className={buttonClass({ variant, className })} {...props} />;
}

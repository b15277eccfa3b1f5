'use client';

import * as DialogPrimitive from '@radix-ui/react-dialog';
import type { ComponentProps, ReactNode } from 'react';
import { cn, focusRing } from './cn';

/** A modal dialog: focus stays inside while it is open, Escape and the close button dismiss it, and focus returns where it was. */
export const Dialog = DialogPrimitive.Root;

export const DialogTrigger = DialogPrimitive.Trigger;

/** The dimmed page behind every modal (dialogs and alert dialogs alike). */
export const overlayClass = 'fixed inset-0 z-40 bg-slate-900/40';

/** The panel of every modal (dialogs and alert dialogs alike). */
export const panelClass = cn(
  'fixed left-1/2 top-1/2 z-50 w-[calc(100vw-2rem)] max-w-lg -translate-x-1/2 -translate-y-1/2',
  'max-h-[calc(100vh-2rem)] overflow-y-auto rounded-lg bg-white p-5 text-slate-900 shadow-xl ring-1 ring-slate-200',
  'outline-none',
);

type ContentProps = Omit<ComponentProps<typeof DialogPrimitive.Content>, 'title'> & {
  /** The dialog's name: its heading, and what a screen reader announces on opening. */
  title: ReactNode;
  /** One sentence on what the dialog is for; announced after the title. */
  description?: ReactNode;
};

/** The dialog itself, with its overlay, title, optional description and a close button. */
export function DialogContent({ title, description, className, children, ...props }: ContentProps) {
  return (
    <DialogPrimitive.Portal>
      <DialogPrimitive.Overlay className={overlayClass} />
      <DialogPrimitive.Content
        className={cn(panelClass, className)}
        // Without a description, say so: Radix would otherwise warn that aria-describedby points nowhere.
        {...(description ? {} : { 'aria-describedby': undefined })}
        {...props}
      >
        <DialogPrimitive.Title className="pr-8 text-base font-semibold">{title}</DialogPrimitive.Title>
        {description && (
          <DialogPrimitive.Description className="mt-1 text-sm text-slate-600">
            {description}
          </DialogPrimitive.Description>
        )}
        <div className="mt-3">{children}</div>
        <DialogPrimitive.Close
          className={cn(
            'absolute right-3 top-3 rounded px-1.5 text-lg leading-none text-slate-500 hover:bg-slate-100 hover:text-slate-900',
            focusRing,
          )}
        >
          <span aria-hidden="true">×</span>
          <span className="sr-only">Close</span>
        </DialogPrimitive.Close>
      </DialogPrimitive.Content>
    </DialogPrimitive.Portal>
  );
}

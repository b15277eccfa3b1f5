'use client';

import * as MenuPrimitive from '@radix-ui/react-dropdown-menu';
import type { ComponentProps } from 'react';
import { cn } from './cn';

/** A menu of actions behind one button: arrow keys, typeahead, Escape and focus return come from Radix. */
export const DropdownMenu = MenuPrimitive.Root;

/** Usually `asChild` around a <Button>, so the trigger looks like every other button. */
export const DropdownMenuTrigger = MenuPrimitive.Trigger;

export function DropdownMenuContent({
  className,
  sideOffset = 4,
  align = 'end',
  ...props
}: ComponentProps<typeof MenuPrimitive.Content>) {
  return (
    <MenuPrimitive.Portal>
      <MenuPrimitive.Content
        sideOffset={sideOffset}
        align={align}
        className={cn(
          'z-50 min-w-40 rounded-lg bg-white p-1 text-sm text-slate-900 shadow-lg ring-1 ring-slate-200',
          className,
        )}
        {...props}
      />
    </MenuPrimitive.Portal>
  );
}

/** One action. The highlighted item (keyboard or pointer) is the focused one, so it gets the visible ring. */
export function DropdownMenuItem({ className, ...props }: ComponentProps<typeof MenuPrimitive.Item>) {
  return (
    <MenuPrimitive.Item
      className={cn(
        'flex cursor-default select-none items-center gap-2 rounded px-2 py-1.5 outline-none',
        'data-[highlighted]:bg-slate-100 data-[highlighted]:ring-2 data-[highlighted]:ring-blue-600',
        'data-[disabled]:pointer-events-none data-[disabled]:opacity-50',
        className,
      )}
      {...props}
    />
  );
}

export function DropdownMenuLabel({ className, ...props }: ComponentProps<typeof MenuPrimitive.Label>) {
  return <MenuPrimitive.Label className={cn('px-2 py-1 text-xs text-slate-500', className)} {...props} />;
}

export function DropdownMenuSeparator({ className, ...props }: ComponentProps<typeof MenuPrimitive.Separator>) {
  return <MenuPrimitive.Separator className={cn('my-1 h-px bg-slate-200', className)} {...props} />;
}

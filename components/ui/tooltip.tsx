'use client';

import * as TooltipPrimitive from '@radix-ui/react-tooltip';
import type { ComponentProps } from 'react';
import { cn } from './cn';

/**
 * Mounted once, in the console layout: every tooltip shares its delays (a second tooltip opens at once while the
 * pointer moves along a list).
 */
export function TooltipProvider({ delayDuration = 300, ...props }: ComponentProps<typeof TooltipPrimitive.Provider>) {
  return <TooltipPrimitive.Provider delayDuration={delayDuration} {...props} />;
}

export const Tooltip = TooltipPrimitive.Root;

/** The element the tooltip describes; with `asChild`, that element itself (it must be focusable, so keyboards get the tooltip too). */
export const TooltipTrigger = TooltipPrimitive.Trigger;

/** The tooltip's text: shown on hover and on focus, hidden with Escape, announced as the trigger's description. */
export function TooltipContent({
  className,
  sideOffset = 4,
  ...props
}: ComponentProps<typeof TooltipPrimitive.Content>) {
  return (
    <TooltipPrimitive.Portal>
      <TooltipPrimitive.Content
        sideOffset={sideOffset}
        className={cn(
          'z-50 rounded bg-slate-900 px-2 py-1 font-mono text-xs text-white shadow-md ring-1 ring-slate-700',
          className,
        )}
        {...props}
      />
    </TooltipPrimitive.Portal>
  );
}

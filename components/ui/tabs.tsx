'use client';

import * as TabsPrimitive from '@radix-ui/react-tabs';
import type { ComponentProps } from 'react';
import { cn, focusRing } from './cn';

/** Panels of one page shown one at a time; arrow keys move between the tabs (roving focus), as the ARIA pattern asks. */
export const Tabs = TabsPrimitive.Root;

export function TabsList({ className, ...props }: ComponentProps<typeof TabsPrimitive.List>) {
  return (
    <TabsPrimitive.List
      className={cn('mb-3 inline-flex gap-1 rounded-lg bg-slate-100 p-1 text-sm ring-1 ring-slate-200', className)}
      {...props}
    />
  );
}

export function TabsTrigger({ className, ...props }: ComponentProps<typeof TabsPrimitive.Trigger>) {
  return (
    <TabsPrimitive.Trigger
      className={cn(
        'rounded px-3 py-1 font-medium text-slate-600 hover:text-slate-900',
        'data-[state=active]:bg-white data-[state=active]:text-slate-900 data-[state=active]:shadow-sm',
        'disabled:opacity-50',
        focusRing,
        className,
      )}
      {...props}
    />
  );
}

/** A tab's panel; focusable, so the keyboard reaches a panel with no control of its own. */
export function TabsContent({ className, ...props }: ComponentProps<typeof TabsPrimitive.Content>) {
  return <TabsPrimitive.Content className={cn('rounded', focusRing, className)} {...props} />;
}

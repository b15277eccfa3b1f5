import type { ComponentProps } from 'react';
import { cn } from './cn';

/** A text input in the console's look; a Field gives it its id, aria-invalid and aria-describedby. */
export function Input({ className, ...props }: ComponentProps<'input'>) {
  return (
    <input
      className={cn(
        'w-full min-w-0 rounded border border-slate-300 bg-white px-2 py-1 placeholder:text-slate-400',
        'outline-none focus-visible:border-blue-600 focus-visible:outline-2 focus-visible:outline-blue-600/40',
        'aria-invalid:border-red-600 disabled:cursor-not-allowed disabled:bg-slate-50 disabled:text-slate-500',
        className,
      )}
      {...props}
    />
  );
}

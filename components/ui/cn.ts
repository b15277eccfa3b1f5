import { clsx, type ClassValue } from 'clsx';
import { twMerge } from 'tailwind-merge';

/**
 * Class names for a component: clsx joins them (conditionals, arrays, objects), tailwind-merge lets a later Tailwind
 * class win over an earlier one it conflicts with, so a caller's `className` overrides the component's default
 * (`cn('px-3', 'px-4')` is `px-4`).
 */
export function cn(...inputs: ClassValue[]) {
  return twMerge(clsx(inputs));
}

/** The console's keyboard focus ring, on everything interactive: a blue outline, shown only when focus is visible. */
export const focusRing =
  'outline-none focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600';

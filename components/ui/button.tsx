import type { ComponentProps } from 'react';
import { cn, focusRing } from './cn';

const variants = {
  primary: 'bg-slate-900 text-white hover:bg-slate-800',
  secondary: 'bg-white text-slate-900 ring-1 ring-slate-300 hover:bg-slate-50',
  approve: 'bg-emerald-700 text-white hover:bg-emerald-800',
  danger: 'bg-red-700 text-white hover:bg-red-800',
  'danger-outline': 'bg-white text-red-800 ring-1 ring-red-300 hover:bg-red-50',
  link: 'px-0 py-0 font-normal text-slate-500 underline hover:text-slate-900',
} as const;

const sizes = {
  sm: 'px-2.5 py-1 text-sm',
  md: 'px-3 py-1.5',
  lg: 'px-4 py-2',
} as const;

export type ButtonVariant = keyof typeof variants;

type ButtonStyle = { variant?: ButtonVariant; size?: keyof typeof sizes; className?: string };

/** The classes of a button, for elements that are not a <Button> (a Radix part rendering its own button). */
export function buttonClass({ variant = 'primary', size = 'md', className }: ButtonStyle = {}) {
  return cn(
    'inline-flex items-center justify-center gap-1.5 rounded font-medium',
    'disabled:cursor-not-allowed disabled:opacity-50 aria-disabled:cursor-not-allowed aria-disabled:opacity-50',
    focusRing,
    sizes[size],
    variants[variant],
    className,
  );
}

/** A button in the console's look. `type` defaults to "button": a submit button says so (SubmitButton). */
export function Button({
  variant,
  size,
  className,
  type = 'button',
  ...props
}: ComponentProps<'button'> & ButtonStyle) {
  return <button type={type} className={buttonClass({ variant, size, className })} {...props} />;
}

import { Slot } from '@radix-ui/react-slot';
import { useId, type ReactElement, type ReactNode } from 'react';
import { cn } from '@/components/ui/cn';

type FieldProps = {
  /** The label's text; the control's accessible name. */
  label: ReactNode;
  /** Keep the label for screen readers only, where the layout names the field already (a placeholder, a heading). */
  hideLabel?: boolean;
  labelClassName?: string;
  /** Shown beside the label (a badge, a note); not part of the control's name. */
  labelAside?: ReactNode;
  /** Shown between the label and the control: what the person needs to pick a value (e.g. candidates). */
  description?: ReactNode;
  /** A short help text under the control; the control's description. */
  hint?: ReactNode;
  /** The field's errors, as the server action answered them (`fieldErrors[name]`); none when valid. */
  error?: string[];
  className?: string;
  /** The control: one element (an Input, a select, …), which gets id, aria-invalid and aria-describedby. */
  children: ReactElement;
};

/**
 * One form field: label, control, hint and error, wired together — the label names the control, the hint and the
 * error describe it (aria-describedby), and an error marks it invalid (aria-invalid). Every form shows a field's
 * errors this way.
 */
export function Field({
  label,
  hideLabel,
  labelClassName,
  labelAside,
  description,
  hint,
  error,
  className,
  children,
}: FieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const errors = error && error.length > 0 ? error : null;
  const describedBy = [hint ? hintId : null, errors ? errorId : null].filter(Boolean).join(' ') || undefined;
  const labelElement = (
    <label htmlFor={id} className={cn('text-sm font-medium', hideLabel && 'sr-only', labelClassName)}>
      {label}
    </label>
  );
  return (
    <div className={cn('grid content-start gap-1', className)}>
      {labelAside ? (
        <div className="flex flex-wrap items-baseline gap-2">
          {labelElement}
          {labelAside}
        </div>
      ) : (
        labelElement
      )}
      {description}
      <Slot id={id} aria-invalid={errors ? true : undefined} aria-describedby={describedBy}>
        {children}
      </Slot>
      {hint && (
        <p id={hintId} className="text-xs text-slate-500">
          {hint}
        </p>
      )}
      {errors && (
        <p id={errorId} className="text-xs text-red-700">
          {errors.map((message, i) => (
            <span key={i} className="block">
              {message}
            </span>
          ))}
        </p>
      )}
    </div>
  );
}

import type { ReactNode } from 'react';
import { cn } from '@/components/ui/cn';

/**
 * The form-level error: what the server action answered when it refused (`error` of a failed ActionResult), shown
 * above or below the fields and announced at once (role=alert). The fields' own errors are shown by each Field.
 */
export function FormError({ error, className }: { error: string | null | undefined; className?: string }) {
  if (!error) return null;
  return (
    <p role="alert" className={cn('rounded border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800', className)}>
      {error}
    </p>
  );
}

/** What a form's action did, when the form keeps showing it (a toast says it too); announced politely (role=status). */
export function FormSuccess({ children, className }: { children: ReactNode; className?: string }) {
  if (!children) return null;
  return (
    <p role="status" className={cn('text-sm text-emerald-800', className)}>
      {children}
    </p>
  );
}

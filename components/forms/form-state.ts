import type { ActionResult } from '@/lib/result';

/**
 * The state of a form's `useActionState`: null until it is first submitted, then the server action's answer and
 * the values as they were submitted. React resets a form after its action has run; a field whose `defaultValue`
 * is the submitted value keeps what the person typed (after a refusal, so they can correct it).
 */
export type FormState<T = undefined> = { result: ActionResult<T>; values: Record<string, string> } | null;

/** The form's text values by name (files and repeated names aside: the console's forms have neither). */
export function formValues(data: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, value] of data) if (typeof value === 'string') values[name] = value;
  return values;
}

/** A failed result's error for one field, or for the first of several names that may carry it. */
export function fieldError(state: FormState<unknown>, ...names: string[]): string[] | undefined {
  if (!state || state.result.ok) return undefined;
  for (const name of names) {
    const errors = state.result.fieldErrors?.[name];
    if (errors?.length) return errors;
  }
  return undefined;
}

/** A failed result's form-level error. */
export function formError(state: FormState<unknown>): string | undefined {
  return state && !state.result.ok ? state.result.error : undefined;
}

/**
 * What a person's action answers, from the operation that does it (lib/operations, lib/review…) through the
 * server action that calls it to the form that shows it: one shape everywhere, so a field error or a provider's
 * rule reaches the screen without being translated on the way.
 */

/** A rule a provider says the submitted values still break (GoRoute's validation), with the field it points at, for the form to list. */
export type ActionIssue = { rule: string; location: string | null; message: string; field: string | null };

export type ActionResult<T = undefined> =
  { ok: true; data?: T } | { ok: false; error: string; fieldErrors?: Record<string, string[]>; issues?: ActionIssue[] };

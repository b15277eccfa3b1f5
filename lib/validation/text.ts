import { z } from 'zod';

// Control characters: C0 except tab and line feed, DEL, and C1. PostgreSQL refuses NUL in text (the save would
// fail as if the database were down), and the others are invisible on the page yet act as commands in a log
// viewer or terminal. Nobody means to type them; they arrive by pasting or by forging a request.
const CONTROL = /(?![\t\n])\p{Cc}/u;

// Unicode's Bidi_Control set: the embeddings and overrides U+202A–U+202E, the isolates U+2066–U+2069 and the
// marks U+200E, U+200F, U+061C. They reorder how the text around them is drawn, so a reason or note could read
// differently on the timeline and in the audit log than what was stored. Right-to-left scripts display
// correctly without them, typed by hand.
const BIDI = /\p{Bidi_Control}/u;

export const personTextMessages = {
  control: 'Contains invisible control characters; only tabs and line breaks are allowed',
  bidi: 'Contains invisible direction-control characters (they can make text display in a different order)',
  tooLong: (max: number) => `At most ${max} characters`,
};

/**
 * What a person types into the console (a block reason, a note, a corrected value), trimmed and at most `max`
 * characters. Bad characters are refused, not removed: stripping them would store something other than what
 * the person sent, and hide from the audit log that someone tried; a field error lets an honest user fix it.
 * Chain `.min()` for a required length.
 */
export function personText({ max }: { max: number }) {
  return (
    z
      .string()
      // Browsers send a textarea's line breaks as CR LF: those are line breaks, not control characters.
      .overwrite((v) => v.replace(/\r\n?/g, '\n'))
      .trim()
      .max(max, personTextMessages.tooLong(max))
      .refine((v) => !CONTROL.test(v), personTextMessages.control)
      .refine((v) => !BIDI.test(v), personTextMessages.bidi)
  );
}

/** The messages of a failed parse, in order, for a single field's error list. */
export const issueMessages = (error: z.ZodError): string[] => error.issues.map((i) => i.message);

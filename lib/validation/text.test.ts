import { describe, expect, it } from 'vitest';
import { personText, personTextMessages } from './text';

const reason = personText({ max: 500 });
const problems = (value: unknown) => {
  const r = reason.safeParse(value);
  return r.success ? [] : r.error.issues.map((i) => i.message);
};

describe('text a person types', () => {
  it('accepts ordinary text with accents, other scripts, tabs and line breaks, trimmed', () => {
    const text = 'Créance contestée — voir e-mail du 3/11.\nAnruf: Müller\tØrsted\nשלום مرحبا 你好 👍';
    expect(reason.parse(`  ${text}  \n`)).toBe(text);
    expect(reason.parse('x'.repeat(500))).toHaveLength(500);
  });

  it('takes the CR LF line breaks a browser sends from a textarea (and a lone CR) as line breaks', () => {
    expect(reason.parse('first line\r\nsecond line\rthird')).toBe('first line\nsecond line\nthird');
  });

  it('refuses a NUL byte, which PostgreSQL cannot store', () => {
    expect(problems('Hold\u0000 for now')).toEqual([personTextMessages.control]);
  });

  it('refuses other control characters: C0 (carriage return, escape, bell…), DEL and C1', () => {
    for (const c of ['\u0001', '\u0007', '\u0008', '\u000B', '\u000C', '\u001B[2J', '\u007F', '\u0085', '\u009B']) {
      expect(problems(`Hold ${c} now`), JSON.stringify(c)).toEqual([personTextMessages.control]);
    }
  });

  it('refuses direction-control characters that make text display out of order', () => {
    for (const c of [
      '\u202A',
      '\u202B',
      '\u202C',
      '\u202D',
      '\u202E',
      '\u2066',
      '\u2067',
      '\u2068',
      '\u2069',
      '\u200E',
      '\u200F',
      '\u061C',
    ]) {
      expect(problems(`Paid by ${c}knab eht`), JSON.stringify(c)).toEqual([personTextMessages.bidi]);
    }
    expect(personTextMessages.bidi).toMatch(/contains invisible direction-control characters/i);
  });

  it('refuses text longer than the limit with the limit in the message', () => {
    expect(problems('x'.repeat(10_000))).toEqual(['At most 500 characters']);
    expect(problems('x'.repeat(501))).toEqual(['At most 500 characters']);
  });

  it('reports every problem at once', () => {
    expect(problems(`\u202E${'x'.repeat(600)}\u0000`)).toEqual([
      'At most 500 characters',
      personTextMessages.control,
      personTextMessages.bidi,
    ]);
  });

  it('takes a minimum after the checks, and refuses what is not text', () => {
    const note = personText({ max: 500 }).min(3, 'At least 3 characters');
    expect(note.safeParse('  ok ').success).toBe(false);
    expect(note.parse(' fine ')).toBe('fine');
    expect(reason.safeParse(42).success).toBe(false);
  });
});

// Exact decimal arithmetic for invoice amounts: "1234.56" ⇄ 123456n cents. Never floats — a validator
// that rounds through binary floating point would flag (or miss) one-cent differences the real one catches.

const DECIMAL = /^-?\d+(\.\d+)?$/;

/** Cents of a decimal string with at most two decimals; null when not such a number. */
export function toCents(text: string | undefined): bigint | null {
  if (text === undefined) return null;
  const s = text.trim();
  if (!DECIMAL.test(s)) return null;
  const negative = s.startsWith('-');
  const [whole = '0', frac = ''] = s.replace('-', '').split('.');
  if (frac.length > 2) return null;
  const cents = BigInt(whole) * 100n + BigInt(frac.padEnd(2, '0'));
  return negative ? -cents : cents;
}

/** True when the text is a decimal number (any precision): separates "bad number" from "too many decimals". */
export const isDecimal = (text: string | undefined) => text !== undefined && DECIMAL.test(text.trim());

/** A percentage such as "21", "21.00" or "5.5" in hundredths of a percent (basis points). */
export function toBasisPoints(text: string | undefined): bigint | null {
  if (text === undefined) return null;
  const s = text.trim();
  if (!/^\d+(\.\d{1,2})?$/.test(s)) return null;
  const [whole = '0', frac = ''] = s.split('.');
  return BigInt(whole) * 100n + BigInt(frac.padEnd(2, '0'));
}

export function formatCents(cents: bigint): string {
  const negative = cents < 0n;
  const abs = negative ? -cents : cents;
  return `${negative ? '-' : ''}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
}

/** Tax on an amount at a rate in basis points, rounded half up to the cent (EN16931 rounding). */
export function taxOf(cents: bigint, basisPoints: bigint): bigint {
  const scaled = cents * basisPoints;
  const negative = scaled < 0n;
  const abs = negative ? -scaled : scaled;
  const rounded = (abs + 5000n) / 10000n;
  return negative ? -rounded : rounded;
}

export const absDiff = (a: bigint, b: bigint) => (a > b ? a - b : b - a);

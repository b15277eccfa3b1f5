// Real-format identifiers (IBAN, VAT IDs, GLN, Peppol IDs) and money strings: the validators the console
// checks typed values with, and the generators the seed and the sandbox build data with. Check digits are
// computed, not made up, so generated data passes the same validators real data does.

// ---------------------------------------------------------------------------------------------- mod 97

/** n mod 97 for an arbitrarily long digit string (ISO 7064 MOD 97-10 arithmetic). */
export function mod97(digits: string): number {
  let r = 0;
  for (let i = 0; i < digits.length; i += 7) r = Number(String(r) + digits.slice(i, i + 7)) % 97;
  return r;
}

/** Letters become 10..35, digits stay (the IBAN conversion). */
function ibanDigits(s: string): string {
  return s
    .toUpperCase()
    .split('')
    .map((c) => (c >= 'A' && c <= 'Z' ? String(c.charCodeAt(0) - 55) : c))
    .join('');
}

export const pad = (n: number, width: number) => String(n).padStart(width, '0');

export function ibanCheckDigits(country: string, bban: string): string {
  return pad(98 - mod97(ibanDigits(bban + country + '00')), 2);
}

export function makeIban(country: string, bban: string): string {
  return country + ibanCheckDigits(country, bban) + bban;
}

/** ISO 13616: move the first four characters to the end, convert letters, the remainder mod 97 must be 1. */
export function isValidIban(iban: string): boolean {
  const s = iban.replace(/\s+/g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/.test(s)) return false;
  const len = IBAN_LENGTHS[s.slice(0, 2)];
  if (len !== undefined && s.length !== len) return false;
  return mod97(ibanDigits(s.slice(4) + s.slice(0, 4))) === 1;
}

const IBAN_LENGTHS: Record<string, number> = { BE: 16, NL: 18, DE: 22, FR: 27, LU: 20, LT: 20 };

// ---------------------------------------------------------------------------------------------- VAT IDs

export const VAT_REGEX: Record<string, RegExp> = {
  BE: /^BE0\d{9}$/,
  NL: /^NL\d{9}B\d{2}$/,
  DE: /^DE\d{9}$/,
  FR: /^FR\d{2}\d{9}$/,
  LU: /^LU\d{8}$/,
};

export function isValidBelgianVat(vat: string): boolean {
  if (!VAT_REGEX.BE!.test(vat)) return false;
  const digits = vat.slice(2);
  return 97 - (Number(digits.slice(0, 8)) % 97) === Number(digits.slice(8));
}

export function isValidDutchVat(vat: string): boolean {
  if (!VAT_REGEX.NL!.test(vat)) return false;
  const d = vat.slice(2, 11);
  const sum = d
    .slice(0, 8)
    .split('')
    .reduce((s, c, i) => s + Number(c) * (9 - i), 0);
  return sum % 11 === Number(d[8]);
}

/** ISO 7064 MOD 11,10 check digit, as used by German USt-IdNr. */
export function mod1110(digits: string): number {
  let product = 10;
  for (const c of digits) {
    let sum = (Number(c) + product) % 10;
    if (sum === 0) sum = 10;
    product = (2 * sum) % 11;
  }
  const check = 11 - product;
  return check === 10 ? 0 : check;
}

export function isValidGermanVat(vat: string): boolean {
  return VAT_REGEX.DE!.test(vat) && mod1110(vat.slice(2, 10)) === Number(vat[10]);
}

/** Luhn check digit for a digit string (French SIREN, …). */
export function luhnCheck(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

// ---------------------------------------------------------------------------------------------- Peppol

export function isValidGln(gln: string): boolean {
  if (!/^\d{13}$/.test(gln)) return false;
  const sum = gln
    .slice(0, 12)
    .split('')
    .reduce((s, c, i) => s + Number(c) * (i % 2 === 0 ? 1 : 3), 0);
  return (10 - (sum % 10)) % 10 === Number(gln[12]);
}

/** Peppol participant identifier formats by ICD scheme ("scheme:identifier" as stored). */
export const PEPPOL_ID_REGEX: Record<string, RegExp> = {
  '0208': /^0208:[01]\d{9}$/,
  '0088': /^0088:\d{13}$/,
  '9925': /^9925:be[01]\d{9}$/,
  '0106': /^0106:\d{8}$/,
  '9930': /^9930:de\d{9}$/,
};

export function splitPeppolId(id: string): { scheme: string; identifier: string } {
  const i = id.indexOf(':');
  return { scheme: id.slice(0, i), identifier: id.slice(i + 1) };
}

// The identifier scheme an SMP or a provider may put in front of a participant ID ("iso6523-actorid-upis::0208:…").
const PARTICIPANT_SCHEME_PREFIX = 'iso6523-actorid-upis::';
// Peppol identifier values are at most 50 characters (Peppol Policy for use of Identifiers, POLICY 1).
const PARTICIPANT_ID = /^(\d{4}):([^\s:]{1,50})$/;

/**
 * The one form participant IDs are stored and compared in: `scheme:identifier`, lower case (Peppol compares them
 * case-insensitively), without the `iso6523-actorid-upis::` prefix. Null when the text is not a participant ID
 * (no 4-digit scheme, empty or over-long identifier): such a value can match nothing stored.
 */
export function normalizeParticipantId(raw: string | null | undefined): string | null {
  if (raw == null) return null;
  let id = raw.trim().toLowerCase();
  if (id.startsWith(PARTICIPANT_SCHEME_PREFIX)) id = id.slice(PARTICIPANT_SCHEME_PREFIX.length);
  const m = PARTICIPANT_ID.exec(id);
  return m ? `${m[1]}:${m[2]}` : null;
}

/**
 * A party as written to transactions: the ID in normal form and its scheme. Providers send either a full ID or a
 * bare identifier beside its scheme; both end up as `scheme:identifier`. Text that is no participant ID at all is
 * kept as it came (trimmed), so it can be seen and fixed rather than lost.
 */
export function storedParticipant(
  scheme: string | null | undefined,
  id: string | null | undefined,
): { scheme: string | null; identifier: string | null } {
  const raw = id?.trim() || null;
  if (!raw) return { scheme: scheme?.trim() || null, identifier: null };
  const normal =
    normalizeParticipantId(raw) ??
    (scheme && !raw.includes(':') ? normalizeParticipantId(`${scheme.trim()}:${raw}`) : null);
  if (normal) return { scheme: normal.slice(0, 4), identifier: normal };
  return { scheme: scheme?.trim() || null, identifier: raw };
}

// ---------------------------------------------------------------------------------------------- money

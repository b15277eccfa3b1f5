import {
  isValidBelgianVat,
  isValidDutchVat,
  isValidGermanVat,
  isValidIban,
  PEPPOL_ID_REGEX,
  VAT_REGEX,
} from '@/lib/identifiers';
import { personText } from '@/lib/validation/text';

// What a person may type into a reviewed field. Wrong input gets a message the reviewer can act on.

const amount = (v: string) =>
  /^-?\d{1,13}(\.\d{1,2})?$/.test(v) ? null : 'Enter an amount like 1234.56 (a dot for decimals, at most 2 decimals)';

function vat(v: string) {
  const id = v.replace(/[\s.]/g, '').toUpperCase();
  const country = id.slice(0, 2);
  const pattern = VAT_REGEX[country];
  if (!pattern)
    return /^[A-Z]{2}[0-9A-Z]{2,13}$/.test(id) ? null : 'Enter a VAT ID with its country prefix, e.g. BE0123456749';
  if (!pattern.test(id)) return `Not a valid ${country} VAT ID format`;
  const check = { BE: isValidBelgianVat, NL: isValidDutchVat, DE: isValidGermanVat }[country as 'BE' | 'NL' | 'DE'];
  return check && !check(id) ? `The check digits of this ${country} VAT ID are wrong` : null;
}

function iban(v: string) {
  return isValidIban(v.replace(/\s/g, '').toUpperCase()) ? null : 'Not a valid IBAN (the checksum does not match)';
}

function peppol(v: string) {
  const scheme = v.split(':')[0] ?? '';
  const pattern = PEPPOL_ID_REGEX[scheme];
  if (!pattern) return /^\d{4}:\S+$/.test(v) ? null : 'Enter a Peppol ID as scheme:identifier, e.g. 0208:0123456749';
  return pattern.test(v) ? null : `Not a valid identifier for scheme ${scheme}`;
}

const date = (v: string) =>
  /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v)) ? null : 'Enter a date as YYYY-MM-DD';
const currency = (v: string) => (/^[A-Z]{3}$/.test(v) ? null : 'Enter a three-letter currency code, e.g. EUR');

const rules: Record<string, (v: string) => string | null> = {
  gross_amount: amount,
  net_amount: amount,
  sender_vat_id: vat,
  recipient_vat_id: vat,
  sender_iban: iban,
  sender_peppol_id: peppol,
  recipient_peppol_id: peppol,
  issue_date: date,
  due_date: date,
  currency,
};

const FieldText = personText({ max: 500 });

/** The problem with a value a reviewer chose or typed for `field`, or null when it is acceptable. */
export function checkFieldValue(field: string, value: string): string | null {
  const text = FieldText.safeParse(value);
  if (!text.success) return text.error.issues[0]!.message;
  if (text.data === '') return 'A value is required';
  return rules[field]?.(text.data) ?? null;
}

/** How a value is stored once accepted: identifiers without spaces and upper-cased. */
export function normalizeFieldValue(field: string, value: string): string {
  const v = value.trim();
  if (field.endsWith('_iban') || field.endsWith('_vat_id')) return v.replace(/[\s.]/g, '').toUpperCase();
  return v;
}

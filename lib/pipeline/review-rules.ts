import type { FieldCategory } from '@/db/schema/enums';

/** Which extracted fields move money, tax or vendor identity (the ones a person must be sure of). */
const fieldCategory: Record<string, FieldCategory> = {
  currency: 'money',
  net_amount: 'money',
  gross_amount: 'money',
  due_date: 'money',
  tax_breakdowns: 'tax',
  recipient_vat_id: 'tax',
  sender_name: 'vendor_identity',
  sender_vat_id: 'vendor_identity',
  sender_iban: 'vendor_identity',
  sender_peppol_id: 'vendor_identity',
};

export function categoryOf(field: string): FieldCategory {
  return fieldCategory[field] ?? 'other';
}

/** The fields a document cannot be approved without. */
const requiredFields = ['document_number', 'issue_date', 'currency', 'gross_amount', 'sender_name'] as const;

export type ExtractedField = { value: unknown; candidates: string[] | null };
export type KnownVendor = { vatId: string | null; iban: string | null; peppolId: string | null } | null;
export type ReviewFlag = { field: string; reason: string };

const identityFields: Record<string, keyof NonNullable<KnownVendor>> = {
  sender_vat_id: 'vatId',
  sender_iban: 'iban',
  sender_peppol_id: 'peppolId',
};

/** Compare identifiers the way people write them: ignore spaces, dots, dashes and case. */
export function normalizeIdentifier(value: string): string {
  return value.replace(/[\s.\-]/g, '').toUpperCase();
}

function asText(value: unknown): string | null {
  if (value == null || value === '') return null;
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : JSON.stringify(value);
}

/**
 * Review rules (docs/architecture.md, "One document's life"): a money, tax or vendor-identity field needs a person when
 * its value is missing, when exdata's candidates disagree with the value, or when the vendor's VAT ID, IBAN or Peppol
 * ID differs from the one last approved for that vendor (a known invoice-fraud pattern).
 */
export function reviewFlags(fields: Record<string, ExtractedField>, vendor: KnownVendor): ReviewFlag[] {
  const flags: ReviewFlag[] = [];
  for (const name of requiredFields) {
    if (asText(fields[name]?.value) === null) flags.push({ field: name, reason: 'value missing' });
  }
  for (const [name, field] of Object.entries(fields)) {
    if (categoryOf(name) === 'other' || flags.some((f) => f.field === name)) continue;
    const value = asText(field.value);
    const others = (field.candidates ?? []).filter(
      (c) => value === null || normalizeIdentifier(c) !== normalizeIdentifier(value),
    );
    if (value !== null && others.length > 0) {
      flags.push({ field: name, reason: `candidates disagree: ${others.slice(0, 3).join(', ')}` });
      continue;
    }
    if (value === null && (field.candidates?.length ?? 0) > 0) {
      flags.push({ field: name, reason: 'value missing, candidates offered' });
      continue;
    }
    const known = identityFields[name] && vendor ? vendor[identityFields[name]] : null;
    if (value !== null && known && normalizeIdentifier(known) !== normalizeIdentifier(value)) {
      flags.push({ field: name, reason: `differs from the vendor's approved ${identityFields[name]} ${known}` });
    }
  }
  return flags;
}

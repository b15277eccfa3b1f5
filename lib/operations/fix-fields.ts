/** The fields that make up the e-invoice, and so the ones a person may correct before a resend. */
export const fixableFields = [
  'document_number',
  'issue_date',
  'due_date',
  'currency',
  'gross_amount',
  'sender_name',
  'sender_vat_id',
  'sender_iban',
  'sender_peppol_id',
  'recipient_name',
  'recipient_vat_id',
  'recipient_peppol_id',
] as const;
export type FixableField = (typeof fixableFields)[number];

export const isFixableField = (name: string): name is FixableField =>
  (fixableFields as readonly string[]).includes(name);

/** One rule the corrected invoice still breaks, as GoRoute (or the UBL builder) names it, with the field that feeds it if one does. */
export type FixIssue = { rule: string; location: string | null; message: string; field: FixableField | null };

// Where each fixable field lands in the UBL the hub builds (lib/pipeline/ubl.ts): a rule failing at that
// location is that field's to fix. Checked in order, the parties before the document-level elements.
const byLocation: [RegExp, FixableField][] = [
  [/AccountingSupplierParty\b.*EndpointID/, 'sender_peppol_id'],
  [/AccountingSupplierParty\b.*(PartyName|RegistrationName)/, 'sender_name'],
  [/AccountingSupplierParty\b.*CompanyID/, 'sender_vat_id'],
  [/AccountingCustomerParty\b.*EndpointID/, 'recipient_peppol_id'],
  [/AccountingCustomerParty\b.*(PartyName|RegistrationName)/, 'recipient_name'],
  [/AccountingCustomerParty\b.*CompanyID/, 'recipient_vat_id'],
  [/PayeeFinancialAccount/, 'sender_iban'],
  [/^\/Invoice\/cbc:ID$/, 'document_number'],
  [/\/cbc:IssueDate$/, 'issue_date'],
  [/\/cbc:DueDate$/, 'due_date'],
  [/\/cbc:DocumentCurrencyCode$/, 'currency'],
  [/LegalMonetaryTotal\/cbc:(TaxInclusiveAmount|PayableAmount)$/, 'gross_amount'],
];

// Rules whose location is a whole group (the TaxTotal, the root) but whose only fixable input is one field.
// The VAT breakdown comes from the extraction and is not retyped here, so a total that disagrees with it is the
// gross amount's to fix.
const byRule: Record<string, FixableField> = {
  'BR-CO-15': 'gross_amount',
  'BR-CO-16': 'gross_amount',
  'BR-14': 'gross_amount',
  'BR-15': 'gross_amount',
  'PEPPOL-EN16931-R051': 'currency',
  'PEPPOL-EN16931-R010': 'recipient_peppol_id',
  'PEPPOL-EN16931-R020': 'sender_peppol_id',
};

/** The fixable field a failing rule points at, or null when none does (a structural problem: support's to raise). */
export function fieldOfIssue(issue: { rule: string | null; location: string | null }): FixableField | null {
  // The UBL builder names the missing field itself (lib/pipeline/outbound.ts, INVOICE-OPS-UBL).
  if (issue.location && isFixableField(issue.location)) return issue.location;
  const location = issue.location ?? '';
  for (const [pattern, field] of byLocation) if (pattern.test(location)) return field;
  return (issue.rule && byRule[issue.rule]) || null;
}

/** The issues with their fields, and the same issues as messages on those fields, for the form. */
export function mapIssues(raw: { rule: string | null; location: string | null; message: string }[]): {
  issues: FixIssue[];
  fieldErrors: Record<string, string[]>;
} {
  const issues = raw.map((i) => ({
    rule: i.rule ?? 'GoRoute',
    location: i.location,
    message: i.message,
    field: fieldOfIssue(i),
  }));
  const fieldErrors: Record<string, string[]> = {};
  for (const i of issues) if (i.field) (fieldErrors[i.field] ??= []).push(`${i.rule}: ${i.message}`);
  return { issues, fieldErrors };
}

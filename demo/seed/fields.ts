// The extracted fields exdata returns for an invoice's amounts, including the review situations finance
// must see: candidates that disagree with the value, a missing value, and changed vendor identity.
import type { FieldCategory, ReviewState } from '@/db/schema';
import type { Company } from '@/demo/world/companies';
import { confusableAmount, formatCents, taxBreakdownJson, type Amounts } from '@/demo/world/amounts';
import { generateIban, printableIban } from '@/demo/world/identifiers';
import type { Rng } from '@/demo/world/prng';
import type { FieldRow, SeedContext } from './story';

export type ReviewIssue = 'amount_disagree' | 'missing_value' | 'iban_changed' | 'vat_mismatch' | 'tax_mismatch';

type ReviewMode = { mode: 'auto' } | { mode: 'pending' } | { mode: 'reviewed'; reviewedAt: Date; override: boolean };

export interface FieldInput {
  documentId: string;
  supplier: Company;
  recipient: { name: string; vatId: string; peppolId: string };
  amounts: Amounts;
  invoiceNumber: string;
  issueDate: string;
  dueDate: string;
  createdAt: Date;
  issues: ReviewIssue[];
  review: ReviewMode;
  /** For vat_mismatch: another real-format VAT ID of the same country. */
  otherVatId: string;
}

export interface FieldResult {
  fields: FieldRow[];
  reasons: string[];
  overrides: { field: string; before: string | null; after: string }[];
  /** The gross amount the pipeline carries on (approved value when finance overrode it). */
  grossAmount: string | null;
}

const CATEGORY: Record<string, FieldCategory> = {
  currency: 'money',
  net_amount: 'money',
  gross_amount: 'money',
  tax_breakdowns: 'tax',
  recipient_vat_id: 'tax',
  sender_vat_id: 'vendor_identity',
  sender_name: 'vendor_identity',
  sender_iban: 'vendor_identity',
  sender_peppol_id: 'vendor_identity',
};

interface Draft {
  name: string;
  value: string | null;
  valueJson?: unknown;
  candidates: string[] | null;
  reason?: string;
  approvedValue?: string;
}

export function buildFields(ctx: SeedContext, rng: Rng, input: FieldInput): FieldResult {
  const { supplier, amounts: a, review } = input;
  const net = formatCents(a.netCents);
  const gross = formatCents(a.grossCents);
  const maybe = (v: string) => (rng.chance(0.55) ? [v] : null);
  const drafts: Draft[] = [
    { name: 'type', value: 'invoice', candidates: null },
    { name: 'document_number', value: input.invoiceNumber, candidates: maybe(input.invoiceNumber) },
    {
      name: 'issue_date',
      value: input.issueDate,
      candidates: rng.chance(0.3) ? [input.issueDate, input.dueDate] : maybe(input.issueDate),
    },
    {
      name: 'due_date',
      value: input.dueDate,
      candidates: rng.chance(0.3) ? [input.dueDate, input.issueDate] : maybe(input.dueDate),
    },
    { name: 'sender_name', value: supplier.name, candidates: maybe(supplier.name) },
    { name: 'recipient_name', value: input.recipient.name, candidates: maybe(input.recipient.name) },
    { name: 'currency', value: a.currency, candidates: [a.currency] },
    { name: 'net_amount', value: net, candidates: [net] },
    { name: 'gross_amount', value: gross, candidates: [gross] },
    { name: 'tax_breakdowns', value: null, valueJson: taxBreakdownJson(a.lines), candidates: null },
    { name: 'sender_vat_id', value: supplier.vatId, candidates: maybe(supplier.vatId) },
    { name: 'recipient_vat_id', value: input.recipient.vatId, candidates: maybe(input.recipient.vatId) },
    { name: 'sender_iban', value: supplier.iban, candidates: [supplier.iban] },
    { name: 'sender_peppol_id', value: supplier.peppolId, candidates: null },
    { name: 'recipient_peppol_id', value: input.recipient.peppolId, candidates: null },
  ];
  const field = (name: string) => drafts.find((d) => d.name === name)!;
  const reasons: string[] = [];
  const overrides: FieldResult['overrides'] = [];
  const override = review.mode === 'reviewed' && review.override;
  let grossAmount: string | null = gross;

  for (const issue of input.issues) {
    if (issue === 'amount_disagree') {
      const f = field('gross_amount');
      const alt = confusableAmount(rng, a.grossCents, a.netCents);
      if (override) {
        // exdata picked the wrong amount first; finance chose the right candidate.
        Object.assign(f, { value: alt, candidates: [alt, gross], approvedValue: gross });
        overrides.push({ field: 'gross_amount', before: alt, after: gross });
      } else {
        f.candidates = [gross, alt];
      }
      f.reason = `Candidates disagree with the value: ${f.candidates!.filter((c) => c !== f.value).join(', ')} also found on the page`;
      reasons.push(`gross_amount candidates disagree (${f.candidates!.join(' vs ')})`);
    } else if (issue === 'missing_value') {
      const name = rng.pick(['net_amount', 'sender_vat_id', 'gross_amount'] as const);
      const f = field(name);
      const real = f.value!;
      f.value = null;
      f.candidates = name === 'net_amount' ? [net, gross] : name === 'gross_amount' ? [gross, net] : [real];
      f.reason = `No value extracted; ${f.candidates.length} candidate${f.candidates.length > 1 ? 's' : ''} on the page`;
      if (name === 'gross_amount') grossAmount = override ? gross : null;
      if (override) {
        f.approvedValue = real;
        overrides.push({ field: name, before: null, after: real });
      }
      reasons.push(`${name} missing`);
    } else if (issue === 'iban_changed') {
      const f = field('sender_iban');
      const foreign = rng.chance(0.5);
      const iban = foreign
        ? generateIban(rng, 'LT', '32500')
        : generateIban(rng, supplier.country, otherBank(supplier));
      f.value = iban;
      f.candidates = [iban];
      f.reason = `Differs from the approved IBAN for ${supplier.name} (${printableIban(supplier.iban)}): changed bank details are a known payment-fraud pattern — confirm by phone on a number already on file`;
      reasons.push(`sender_iban differs from the vendor's approved IBAN${foreign ? ' (now a foreign account)' : ''}`);
    } else if (issue === 'vat_mismatch') {
      const f = field('sender_vat_id');
      f.value = input.otherVatId;
      f.candidates = [input.otherVatId, supplier.vatId];
      f.reason = `Differs from the VAT ID on file for ${supplier.name} (${supplier.vatId})`;
      reasons.push('sender_vat_id differs from the vendor on file');
    } else if (issue === 'tax_mismatch') {
      const f = field('tax_breakdowns');
      const lines = taxBreakdownJson(a.lines);
      const off = rng.int(1, 9) * 100 + rng.int(0, 99);
      lines[0]!.tax_amount = formatCents(a.lines[0]!.taxCents + off);
      f.valueJson = lines;
      f.reason = `Tax breakdown total ${formatCents(a.taxCents + off)} ≠ gross − net ${formatCents(a.taxCents)}`;
      reasons.push('tax_breakdowns do not add up to gross − net');
    }
  }

  const fields: FieldRow[] = drafts.map((d) => {
    const category = CATEGORY[d.name] ?? 'other';
    let reviewState: ReviewState = 'not_required';
    let reviewedBy: string | null = null;
    let reviewedAt: Date | null = null;
    if (review.mode === 'pending' && d.reason) reviewState = 'needs_review';
    if (review.mode === 'reviewed' && category !== 'other') {
      reviewState = d.approvedValue !== undefined ? 'overridden' : 'approved';
      reviewedBy = ctx.actors.finance;
      reviewedAt = review.reviewedAt;
    }
    return {
      id: ctx.uuid(),
      documentId: input.documentId,
      name: d.name,
      value: d.value,
      valueJson: d.valueJson ?? null,
      candidates: d.candidates,
      category,
      reviewState,
      reviewReason: d.reason ?? null,
      approvedValue: d.approvedValue ?? null,
      reviewedBy,
      reviewedAt,
      createdAt: input.createdAt,
    };
  });
  return { fields, reasons, overrides, grossAmount };
}

const BANKS: Record<string, string[]> = {
  BE: ['001', '068', '363', '735', '979', '539'],
  NL: ['ABNA', 'INGB', 'RABO', 'TRIO', 'SNSB', 'KNAB'],
  DE: ['10070000', '20050550', '37040044', '50010517', '70150000'],
  FR: ['3000400828', '3000301234', '1027800360'],
  LU: ['001', '002', '003'],
};

function otherBank(c: Company): string {
  const banks = BANKS[c.country]!.filter((b) => b !== c.bank);
  return banks[c.index % banks.length]!;
}

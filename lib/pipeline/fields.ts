import type { Extractions } from '@/lib/exdata';
import { isAmount } from './money';
import { categoryOf, normalizeIdentifier } from './review-rules';

export const text = (v: unknown): string | null =>
  typeof v === 'string' && v.trim() !== '' ? v.trim() : typeof v === 'number' ? String(v) : null;

/** Extracted fields as rows: scalar values as text, structured ones (tax_breakdowns) as JSON. */
export function fieldRows(documentId: string, fields: Extractions, flagged: Map<string, string>) {
  return Object.entries(fields).map(([name, f]) => {
    const structured = f.value !== null && typeof f.value === 'object';
    return {
      documentId,
      name,
      value: structured ? null : text(f.value),
      valueJson: structured ? f.value : null,
      candidates: f.candidates,
      category: categoryOf(name),
      reviewState: flagged.has(name) ? ('needs_review' as const) : ('not_required' as const),
      reviewReason: flagged.get(name) ?? null,
    };
  });
}

/** The document columns the lists show, taken from the extraction. */
export function documentSummary(fields: Extractions) {
  const gross = text(fields.gross_amount?.value);
  return {
    senderName: text(fields.sender_name?.value),
    invoiceNumber: text(fields.document_number?.value),
    currency: text(fields.currency?.value),
    grossAmount: gross && isAmount(gross) ? gross : null,
  };
}

export function vendorKeys(fields: Extractions) {
  const vat = text(fields.sender_vat_id?.value);
  const peppol = text(fields.sender_peppol_id?.value);
  return { vatId: vat ? normalizeIdentifier(vat) : null, peppolId: peppol ? peppol.trim().toLowerCase() : null };
}

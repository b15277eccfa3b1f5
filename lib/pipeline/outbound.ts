import { eq } from 'drizzle-orm';
import { documents, extractedFields, transactions } from '@/db/schema';
import { storedParticipant } from '@/lib/identifiers';
import { text } from './fields';
import { isAmount } from './money';
import type { Executor } from '@/db/client';
import { buildInvoiceXml, type InvoiceData, type TaxLine } from './ubl';

export type UblProblem = { rule: string; location: string; message: string };

const countryOf = (vatId: string | null, peppolId: string) =>
  vatId && /^[A-Z]{2}/i.test(vatId) ? vatId.slice(0, 2).toUpperCase() : peppolId.startsWith('9930:') ? 'DE' : 'BE';

/** The approved value of each field: a reviewer's choice wins over exdata's value. */
async function approvedFields(db: Executor, documentId: string) {
  const rows = await db.select().from(extractedFields).where(eq(extractedFields.documentId, documentId));
  return Object.fromEntries(rows.map((r) => [r.name, { value: r.approvedValue ?? r.value, json: r.valueJson }]));
}

function taxLines(json: unknown): TaxLine[] {
  if (!Array.isArray(json)) return [];
  return json.flatMap((t: Record<string, unknown>) => {
    const taxable = text(t.taxable_amount);
    const tax = text(t.tax_amount);
    const rate = text(t.tax_rate);
    return taxable && tax && rate && isAmount(taxable) && isAmount(tax)
      ? [{ taxableAmount: taxable, taxAmount: tax, rate: rate.replace(/%$/, '') }]
      : [];
  });
}

/** Everything UBL needs, or the list of what is missing (each becomes a validation detail). */
export function invoiceData(f: Record<string, { value: string | null; json: unknown }>): {
  data: InvoiceData | null;
  problems: UblProblem[];
} {
  const need = (name: string) => f[name]?.value ?? null;
  const problems: UblProblem[] = [];
  const required = [
    'document_number',
    'issue_date',
    'currency',
    'gross_amount',
    'sender_name',
    'sender_peppol_id',
    'recipient_name',
    'recipient_peppol_id',
  ];
  for (const name of required)
    if (!need(name))
      problems.push({ rule: 'INVOICE-OPS-UBL', location: name, message: `${name} is required to build the e-invoice` });
  const taxes = taxLines(f.tax_breakdowns?.json);
  if (taxes.length === 0)
    problems.push({
      rule: 'INVOICE-OPS-UBL',
      location: 'tax_breakdowns',
      message: 'at least one VAT breakdown is required',
    });
  if (problems.length > 0) return { data: null, problems };
  const party = (prefix: 'sender' | 'recipient') => {
    // The UBL endpoint and the stored transaction carry the same normal form the participant filter looks for.
    const typed = need(`${prefix}_peppol_id`)!;
    const peppolId = storedParticipant(null, typed).identifier ?? typed;
    const vatId = need(`${prefix}_vat_id`);
    return { name: need(`${prefix}_name`)!, peppolId, vatId, country: countryOf(vatId, peppolId) };
  };
  return {
    data: {
      number: need('document_number')!,
      issueDate: need('issue_date')!,
      dueDate: need('due_date'),
      currency: need('currency')!,
      supplier: party('sender'),
      customer: party('recipient'),
      iban: need('sender_iban'),
      taxes,
      grossAmount: need('gross_amount')!,
    },
    problems,
  };
}

/**
 * The outbound transaction of an approved document, with its UBL and the idempotency key every send
 * attempt will reuse. One per document: a second call returns the first.
 */
export async function createOutboundTransaction(db: Executor, documentId: string, resend = 0): Promise<string> {
  const [doc] = await db.select().from(documents).where(eq(documents.id, documentId));
  if (!doc) throw new Error(`document ${documentId} not found`);
  const { data, problems } = invoiceData(await approvedFields(db, documentId));
  // A resend after a fix carries a changed invoice, so it needs its own key: GoRoute answers a reused key with a
  // different body with 409.
  const key = resend > 0 ? `send:${doc.sourceId}:r${resend}` : `send:${doc.sourceId}`;
  const sender = storedParticipant(null, data?.supplier.peppolId);
  const receiver = storedParticipant(null, data?.customer.peppolId);
  const inserted = await db
    .insert(transactions)
    .values({
      documentId,
      direction: 'outbound',
      documentType: 'invoice',
      invoiceNumber: data?.number ?? doc.invoiceNumber,
      senderScheme: sender.scheme,
      senderIdentifier: sender.identifier,
      senderName: data?.supplier.name ?? doc.senderName,
      receiverScheme: receiver.scheme,
      receiverIdentifier: receiver.identifier,
      receiverName: data?.customer.name ?? null,
      receiverCountry: data?.customer.country ?? null,
      status: 'queued',
      sendIdempotencyKey: key,
      currency: data?.currency ?? doc.currency,
      totalAmount: data?.grossAmount ?? doc.grossAmount,
      ublXml: data ? buildInvoiceXml(data) : null,
      lastErrorDetails: problems.length > 0 ? problems : null,
    })
    .onConflictDoNothing({ target: transactions.sendIdempotencyKey })
    .returning({ id: transactions.id });
  if (inserted[0]) return inserted[0].id;
  const [existing] = await db
    .select({ id: transactions.id })
    .from(transactions)
    .where(eq(transactions.sendIdempotencyKey, key));
  return existing!.id;
}

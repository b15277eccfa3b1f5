// An inbound Peppol invoice from one of the demo suppliers to Invoice Hub BV, as GoRoute announces it with
// document.received. The UBL is built by the same builder as the demo data, so the app can fetch and parse it.
import { type Company, OUR_COMPANY } from '../../db/seed/companies';
import { buildAmounts } from '../../db/seed/fields';
import { formatCents } from '../../lib/identifiers';
import type { Rng } from '../../db/seed/prng';
import { buildUbl } from '../../db/seed/ubl';

const DAY = 86_400_000;

export interface InboundInvoice {
  supplier: Company;
  invoiceNumber: string;
  issueDate: string;
  currency: string;
  totalAmount: string;
  taxAmount: string;
  xml: string;
  attachments: { filename: string; mime_type: string }[];
}

export function makeInboundInvoice(rng: Rng, suppliers: Company[], seq: number, now: number): InboundInvoice {
  const supplier = rng.pick(suppliers);
  const amounts = buildAmounts(rng, supplier, OUR_COMPANY.country);
  const issueDate = new Date(now - rng.int(0, 3) * DAY).toISOString().slice(0, 10);
  const dueDate = new Date(now + 30 * DAY).toISOString().slice(0, 10);
  const invoiceNumber = supplier.numbering
    .replace('{Y}', issueDate.slice(0, 4))
    .replace(/\{N(\d)\}/, (_m, w: string) => String(supplier.firstInvoiceSeq + 700 + seq).padStart(Number(w), '0'));
  const xml = buildUbl({
    invoiceNumber,
    issueDate,
    dueDate,
    buyerReference: `PO-${rng.digits(6)}`,
    amounts,
    supplier: { endpoint: supplier.peppolId, name: supplier.name, vatId: supplier.vatId, iban: supplier.iban },
    customer: { endpoint: OUR_COMPANY.peppolId, name: OUR_COMPANY.name, vatId: OUR_COMPANY.vatId },
  });
  return {
    supplier,
    invoiceNumber,
    issueDate,
    currency: amounts.currency,
    totalAmount: formatCents(amounts.grossCents),
    taxAmount: formatCents(amounts.taxCents),
    xml,
    attachments: rng.chance(0.4) ? [{ filename: `${invoiceNumber.replace(/[/.\s]/g, '-')}.pdf`, mime_type: 'application/pdf' }] : [],
  };
}

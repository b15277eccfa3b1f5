// An inbound Peppol invoice for one of the hub's client suppliers, from a business that bills it (one of the demo's
// customer companies), as GoRoute announces it with document.received (docs/business.md). The UBL is built by the
// same builder as the demo data, so the app can fetch and parse it.
import type { Company } from '@/demo/world/companies';
import { buildAmounts } from '@/demo/world/amounts';
import { formatCents } from '@/demo/world/amounts';
import type { Rng } from '@/demo/world/prng';
import { buildUbl } from '@/demo/world/ubl';

const DAY = 86_400_000;

export interface InboundInvoice {
  supplier: Company;
  /** The hub's client the invoice is for. */
  client: Company;
  invoiceNumber: string;
  issueDate: string;
  currency: string;
  totalAmount: string;
  taxAmount: string;
  xml: string;
  attachments: { filename: string; mime_type: string }[];
}

export function makeInboundInvoice(
  rng: Rng,
  parties: { issuers: Company[]; clients: Company[] },
  seq: number,
  now: number,
): InboundInvoice {
  const supplier = rng.pick(parties.issuers);
  const client = rng.pick(parties.clients);
  const amounts = buildAmounts(rng, supplier, client.country);
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
    customer: { endpoint: client.peppolId, name: client.name, vatId: client.vatId },
  });
  return {
    supplier,
    client,
    invoiceNumber,
    issueDate,
    currency: amounts.currency,
    totalAmount: formatCents(amounts.grossCents),
    taxAmount: formatCents(amounts.taxCents),
    xml,
    attachments: rng.chance(0.4)
      ? [{ filename: `${invoiceNumber.replace(/[/.\s]/g, '-')}.pdf`, mime_type: 'application/pdf' }]
      : [],
  };
}

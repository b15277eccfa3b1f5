// What exdata "reads" from an uploaded invoice: realistic fields of an invoice one of the hub's client suppliers
// issued to one of its customers (docs/business.md: the hub sends it over Peppol in the supplier's name, to that
// customer), deterministic per file (same bytes and name ⇒ same fields). Filename keywords choose the scenario so tests
// and demos can ask for exactly the review situation they need (see SCENARIOS).
import type { Company } from '@/demo/world/companies';
import { buildAmounts, confusableAmount, taxBreakdownJson } from '@/demo/world/amounts';
import { formatCents } from '@/demo/world/amounts';
import { generateIban } from '@/demo/world/identifiers';
import type { Rng } from '@/demo/world/prng';

type Field = { value: unknown; candidates: string[] | null };
export type Extraction = Record<string, Field>;

/** Filename keyword → scenario. Checked in this order; a name without any keyword is a clean invoice. */
const SCENARIOS = ['corrupt', 'ambiguous', 'missing-total', 'iban-change', 'vat-mismatch', 'tax-mismatch'] as const;
export type Scenario = (typeof SCENARIOS)[number] | 'clean';

export function scenarioOf(filename: string): Scenario {
  const name = filename.toLowerCase();
  return SCENARIOS.find((k) => name.includes(k)) ?? 'clean';
}

const DAY = 86_400_000;

/** The supplier whose slug appears in the filename ("invoice_mueller.pdf"), else a seeded pick. */
function supplierFor(filename: string, suppliers: Company[], rng: Rng): Company {
  const name = filename.toLowerCase();
  return suppliers.find((c) => name.includes(c.slug)) ?? rng.pick(suppliers);
}

/** The supplier's customer the invoice is addressed to: usually one in the supplier's own country, as in the demo data. */
function customerFor(supplier: Company, customers: Company[], rng: Rng): Company {
  const sameCountry = customers.filter((c) => c.country === supplier.country);
  return sameCountry.length > 0 && rng.chance(0.8) ? rng.pick(sameCountry) : rng.pick(customers);
}

export function extract(
  rng: Rng,
  filename: string,
  parties: { suppliers: Company[]; customers: Company[] },
  uploadedAt: number,
): Extraction {
  const { suppliers } = parties;
  const scenario = scenarioOf(filename);
  const supplier = supplierFor(filename, suppliers, rng);
  const customer = customerFor(supplier, parties.customers, rng);
  const a = buildAmounts(rng, supplier, customer.country);
  const issue = new Date(uploadedAt - rng.int(1, 20) * DAY);
  const issueDate = issue.toISOString().slice(0, 10);
  const dueDate = new Date(issue.getTime() + 30 * DAY).toISOString().slice(0, 10);
  const invoiceNumber = supplier.numbering
    .replace('{Y}', issueDate.slice(0, 4))
    .replace(/\{N(\d)\}/, (_m, w: string) =>
      String(supplier.firstInvoiceSeq + rng.int(1, 300)).padStart(Number(w), '0'),
    );
  const net = formatCents(a.netCents);
  const gross = formatCents(a.grossCents);
  // A clean field: candidates are either absent or agree with the value.
  const clean = (value: string): Field => ({ value, candidates: rng.chance(0.5) ? [value] : null });

  const fields: Extraction = {
    type: { value: 'invoice', candidates: null },
    document_number: clean(invoiceNumber),
    issue_date: clean(issueDate),
    due_date: clean(dueDate),
    sender_name: clean(supplier.name),
    recipient_name: clean(customer.name),
    currency: { value: a.currency, candidates: [a.currency] },
    net_amount: { value: net, candidates: [net] },
    gross_amount: { value: gross, candidates: [gross] },
    tax_breakdowns: { value: taxBreakdownJson(a.lines), candidates: null },
    sender_vat_id: clean(supplier.vatId),
    recipient_vat_id: clean(customer.vatId),
    sender_iban: { value: supplier.iban, candidates: [supplier.iban] },
    sender_peppol_id: { value: supplier.peppolId, candidates: null },
    recipient_peppol_id: { value: customer.peppolId, candidates: null },
  };

  switch (scenario) {
    case 'ambiguous':
      // Two totals on the page: the value is one of them, the candidates disagree.
      fields.gross_amount = { value: gross, candidates: [gross, confusableAmount(rng, a.grossCents, a.netCents)] };
      break;
    case 'missing-total':
      fields.gross_amount = { value: null, candidates: [gross, net] };
      break;
    case 'iban-change': {
      // New bank details, here a foreign account: the classic payment-fraud pattern.
      const iban = generateIban(rng, 'LT', '32500');
      fields.sender_iban = { value: iban, candidates: [iban] };
      break;
    }
    case 'vat-mismatch': {
      const other = suppliers.find((c) => c.country === supplier.country && c.slug !== supplier.slug) ?? supplier;
      fields.sender_vat_id = { value: other.vatId, candidates: [other.vatId, supplier.vatId] };
      break;
    }
    case 'tax-mismatch': {
      const lines = taxBreakdownJson(a.lines);
      lines[0]!.tax_amount = formatCents(a.lines[0]!.taxCents + rng.int(100, 999));
      fields.tax_breakdowns = { value: lines, candidates: null };
      break;
    }
    default:
      break;
  }
  return fields;
}

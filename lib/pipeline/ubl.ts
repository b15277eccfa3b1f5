import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces';
import { fromCents, toCents } from './money';

const NS = {
  inv: 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2',
  cac: 'urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2',
  cbc: 'urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2',
};
const PEPPOL_CUSTOMIZATION = 'urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0';
export const PEPPOL_PROFILE = 'urn:fdc:peppol.eu:2017:poacc:billing:01:1.0';

type Party = { name: string; peppolId: string; vatId?: string | null; country: string };
export type TaxLine = { taxableAmount: string; taxAmount: string; rate: string; category?: string };
export type InvoiceData = {
  number: string;
  issueDate: string;
  dueDate?: string | null;
  currency: string;
  supplier: Party;
  customer: Party;
  iban?: string | null;
  taxes: TaxLine[];
  grossAmount: string;
};

const cbc = (parent: XMLBuilder, name: string, text: string, attrs?: Record<string, string>) =>
  parent.ele(NS.cbc, `cbc:${name}`, attrs).txt(text).up();
const cac = (parent: XMLBuilder, name: string) => parent.ele(NS.cac, `cac:${name}`);

function endpoint(peppolId: string) {
  const [scheme, ...rest] = peppolId.split(':');
  return { schemeID: scheme ?? '', value: rest.join(':') };
}

function party(parent: XMLBuilder, role: 'AccountingSupplierParty' | 'AccountingCustomerParty', p: Party) {
  const node = cac(cac(parent, role), 'Party');
  const ep = endpoint(p.peppolId);
  cbc(node, 'EndpointID', ep.value, { schemeID: ep.schemeID });
  cbc(cac(node, 'PartyName'), 'Name', p.name);
  cbc(cac(cac(node, 'PostalAddress'), 'Country'), 'IdentificationCode', p.country);
  if (p.vatId) {
    const tax = cac(node, 'PartyTaxScheme');
    cbc(tax, 'CompanyID', p.vatId);
    cbc(cac(tax, 'TaxScheme'), 'ID', 'VAT');
  }
  cbc(cac(node, 'PartyLegalEntity'), 'RegistrationName', p.name);
}

/**
 * A Peppol BIS Billing 3.0 invoice from the approved fields. A PDF gives totals, not lines, so each
 * VAT rate becomes one line: the totals then add up by construction (BR-CO-10, BR-CO-15, BR-S-08).
 * All text goes through the XML library, which escapes it.
 */
export function buildInvoiceXml(d: InvoiceData): string {
  const root = create({ version: '1.0', encoding: 'UTF-8' }).ele(NS.inv, 'Invoice', {
    'xmlns:cac': NS.cac,
    'xmlns:cbc': NS.cbc,
  });
  cbc(root, 'CustomizationID', PEPPOL_CUSTOMIZATION);
  cbc(root, 'ProfileID', PEPPOL_PROFILE);
  cbc(root, 'ID', d.number);
  cbc(root, 'IssueDate', d.issueDate);
  if (d.dueDate) cbc(root, 'DueDate', d.dueDate);
  cbc(root, 'InvoiceTypeCode', '380');
  cbc(root, 'DocumentCurrencyCode', d.currency);
  cbc(root, 'BuyerReference', d.number);
  party(root, 'AccountingSupplierParty', d.supplier);
  party(root, 'AccountingCustomerParty', d.customer);
  if (d.iban) {
    const means = cac(root, 'PaymentMeans');
    cbc(means, 'PaymentMeansCode', '58');
    cbc(cac(means, 'PayeeFinancialAccount'), 'ID', d.iban.replace(/\s/g, ''));
  }
  const money = { currencyID: d.currency };
  const net = d.taxes.reduce((sum, t) => sum + toCents(t.taxableAmount), 0n);
  const tax = d.taxes.reduce((sum, t) => sum + toCents(t.taxAmount), 0n);
  const taxTotal = cac(root, 'TaxTotal');
  cbc(taxTotal, 'TaxAmount', fromCents(tax), money);
  for (const t of d.taxes) {
    const sub = cac(taxTotal, 'TaxSubtotal');
    cbc(sub, 'TaxableAmount', fromCents(toCents(t.taxableAmount)), money);
    cbc(sub, 'TaxAmount', fromCents(toCents(t.taxAmount)), money);
    const cat = cac(sub, 'TaxCategory');
    cbc(cat, 'ID', t.category ?? 'S');
    cbc(cat, 'Percent', t.rate);
    cbc(cac(cat, 'TaxScheme'), 'ID', 'VAT');
  }
  const totals = cac(root, 'LegalMonetaryTotal');
  cbc(totals, 'LineExtensionAmount', fromCents(net), money);
  cbc(totals, 'TaxExclusiveAmount', fromCents(net), money);
  cbc(totals, 'TaxInclusiveAmount', fromCents(toCents(d.grossAmount)), money);
  cbc(totals, 'PayableAmount', fromCents(toCents(d.grossAmount)), money);
  d.taxes.forEach((t, i) => {
    const line = cac(root, 'InvoiceLine');
    cbc(line, 'ID', String(i + 1));
    cbc(line, 'InvoicedQuantity', '1', { unitCode: 'C62' });
    cbc(line, 'LineExtensionAmount', fromCents(toCents(t.taxableAmount)), money);
    const item = cac(line, 'Item');
    cbc(item, 'Name', `Invoice ${d.number} at ${t.rate}% VAT`);
    const cat = cac(item, 'ClassifiedTaxCategory');
    cbc(cat, 'ID', t.category ?? 'S');
    cbc(cat, 'Percent', t.rate);
    cbc(cac(cat, 'TaxScheme'), 'ID', 'VAT');
    cbc(cac(line, 'Price'), 'PriceAmount', fromCents(toCents(t.taxableAmount)), money);
  });
  return root.end({ prettyPrint: true });
}

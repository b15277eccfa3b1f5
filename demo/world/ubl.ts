// A short, well-formed Peppol BIS Billing 3.0 UBL invoice for the few demo transactions that keep their XML.
import type { Amounts } from '@/demo/world/amounts';
import { formatCents, formatRate } from '@/demo/world/amounts';
import { splitPeppolId } from '@/lib/identifiers';

const esc = (v: string) => v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export interface UblInput {
  invoiceNumber: string;
  issueDate: string;
  dueDate: string;
  buyerReference: string;
  amounts: Amounts;
  supplier: { endpoint: string; name: string; vatId: string; iban: string };
  customer: { endpoint: string; name: string; vatId: string };
}

/** A short but well-formed Peppol BIS Billing 3.0 invoice (one line per VAT rate). */
export function buildUbl(u: UblInput): string {
  const cur = u.amounts.currency;
  const money = (tag: string, cents: number) => `<cbc:${tag} currencyID="${cur}">${formatCents(cents)}</cbc:${tag}>`;
  const ep = (id: string) => {
    const { scheme, identifier } = splitPeppolId(id);
    return `<cbc:EndpointID schemeID="${scheme}">${identifier}</cbc:EndpointID>`;
  };
  const party = (p: { endpoint: string; name: string; vatId: string }) =>
    `<cac:Party>${ep(p.endpoint)}<cac:PartyName><cbc:Name>${esc(p.name)}</cbc:Name></cac:PartyName>` +
    `<cac:PartyTaxScheme><cbc:CompanyID>${p.vatId}</cbc:CompanyID><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:PartyTaxScheme>` +
    `<cac:PartyLegalEntity><cbc:RegistrationName>${esc(p.name)}</cbc:RegistrationName></cac:PartyLegalEntity></cac:Party>`;
  const category = (rc: boolean) => `<cac:TaxCategory><cbc:ID>${rc ? 'AE' : 'S'}</cbc:ID>`;
  const lines = u.amounts.lines;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2" xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">',
    '  <cbc:CustomizationID>urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0</cbc:CustomizationID>',
    '  <cbc:ProfileID>urn:fdc:peppol.eu:2017:poacc:billing:01:1.0</cbc:ProfileID>',
    `  <cbc:ID>${esc(u.invoiceNumber)}</cbc:ID>`,
    `  <cbc:IssueDate>${u.issueDate}</cbc:IssueDate>`,
    `  <cbc:DueDate>${u.dueDate}</cbc:DueDate>`,
    '  <cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>',
    `  <cbc:DocumentCurrencyCode>${cur}</cbc:DocumentCurrencyCode>`,
    `  <cbc:BuyerReference>${esc(u.buyerReference)}</cbc:BuyerReference>`,
    `  <cac:AccountingSupplierParty>${party(u.supplier)}</cac:AccountingSupplierParty>`,
    `  <cac:AccountingCustomerParty>${party(u.customer)}</cac:AccountingCustomerParty>`,
    `  <cac:PaymentMeans><cbc:PaymentMeansCode>58</cbc:PaymentMeansCode><cac:PayeeFinancialAccount><cbc:ID>${u.supplier.iban}</cbc:ID></cac:PayeeFinancialAccount></cac:PaymentMeans>`,
    `  <cac:TaxTotal>${money('TaxAmount', u.amounts.taxCents)}`,
    ...lines.map(
      (l) =>
        `    <cac:TaxSubtotal>${money('TaxableAmount', l.netCents)}${money('TaxAmount', l.taxCents)}${category(l.reverseCharge)}<cbc:Percent>${formatRate(l.rateBp)}</cbc:Percent>` +
        `${l.reverseCharge ? '<cbc:TaxExemptionReasonCode>VATEX-EU-AE</cbc:TaxExemptionReasonCode>' : ''}<cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:TaxCategory></cac:TaxSubtotal>`,
    ),
    '  </cac:TaxTotal>',
    `  <cac:LegalMonetaryTotal>${money('LineExtensionAmount', u.amounts.netCents)}${money('TaxExclusiveAmount', u.amounts.netCents)}${money('TaxInclusiveAmount', u.amounts.grossCents)}${money('PayableAmount', u.amounts.grossCents)}</cac:LegalMonetaryTotal>`,
    ...lines.map(
      (l, i) =>
        `  <cac:InvoiceLine><cbc:ID>${i + 1}</cbc:ID><cbc:InvoicedQuantity unitCode="C62">1</cbc:InvoicedQuantity>${money('LineExtensionAmount', l.netCents)}` +
        `<cac:Item><cbc:Name>Services as agreed</cbc:Name><cac:ClassifiedTaxCategory><cbc:ID>${l.reverseCharge ? 'AE' : 'S'}</cbc:ID><cbc:Percent>${formatRate(l.rateBp)}</cbc:Percent><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:ClassifiedTaxCategory></cac:Item>` +
        `<cac:Price>${money('PriceAmount', l.netCents)}</cac:Price></cac:InvoiceLine>`,
    ),
    '</Invoice>',
  ].join('\n');
}

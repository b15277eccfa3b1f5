import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { fromCents, toCents } from './money';
import { buildInvoiceXml, PEPPOL_PROFILE, type InvoiceData } from './ubl';

const invoice: InvoiceData = {
  number: 'INV-2026-0457',
  issueDate: '2026-11-20',
  dueDate: '2026-12-20',
  currency: 'EUR',
  supplier: { name: 'Brouwerij <De Koning> & Zn', peppolId: '0208:0123456749', vatId: 'BE0123456749', country: 'BE' },
  customer: { name: 'Invoice Hub BV', peppolId: '0208:0790123495', vatId: 'BE0790123495', country: 'BE' },
  iban: 'BE68 5390 0754 7034',
  taxes: [
    { taxableAmount: '1000.00', taxAmount: '210.00', rate: '21' },
    { taxableAmount: '100.10', taxAmount: '6.01', rate: '6' },
  ],
  grossAmount: '1316.11',
};

describe('UBL builder', () => {
  const xml = buildInvoiceXml(invoice);
  const doc = new XMLParser({ ignoreAttributes: false, removeNSPrefix: true }).parse(xml).Invoice;

  it('writes a Peppol BIS 3.0 invoice with both parties addressed by Peppol ID', () => {
    expect(doc.ProfileID).toBe(PEPPOL_PROFILE);
    expect(doc.AccountingSupplierParty.Party.EndpointID).toEqual({ '#text': 123456749, '@_schemeID': '0208' });
    expect(doc.AccountingCustomerParty.Party.PartyName.Name).toBe('Invoice Hub BV');
  });

  it('makes the totals add up exactly', () => {
    const t = doc.LegalMonetaryTotal;
    expect(String(t.LineExtensionAmount['#text'])).toBe('1100.1');
    expect(String(doc.TaxTotal.TaxAmount['#text'])).toBe('216.01');
    expect(xml).toContain('<cbc:TaxInclusiveAmount currencyID="EUR">1316.11</cbc:TaxInclusiveAmount>');
    expect(doc.InvoiceLine).toHaveLength(2);
  });

  it('escapes untrusted text from the PDF', () => {
    expect(xml).toContain('Brouwerij &lt;De Koning&gt; &amp; Zn');
  });

  it('adds money in cents, never floats', () => {
    expect(fromCents(toCents('0.10') + toCents('0.20'))).toBe('0.30');
    expect(fromCents(toCents('-5.5'))).toBe('-5.50');
    expect(() => toCents('1.234')).toThrow();
  });
});

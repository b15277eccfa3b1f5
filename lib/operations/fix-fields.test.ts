import { describe, expect, it } from 'vitest';
import { fieldOfIssue, mapIssues } from './fix-fields';

describe('which field a failing rule points at', () => {
  it('reads GoRoute’s locations in the UBL the hub builds', () => {
    expect(
      fieldOfIssue({
        rule: 'PEPPOL-EN16931-R010',
        location: '/Invoice/cac:AccountingCustomerParty/cac:Party/cbc:EndpointID',
      }),
    ).toBe('recipient_peppol_id');
    expect(
      fieldOfIssue({
        rule: 'BR-06',
        location: '/Invoice/cac:AccountingSupplierParty/cac:Party/cac:PartyLegalEntity/cbc:RegistrationName',
      }),
    ).toBe('sender_name');
    expect(
      fieldOfIssue({
        rule: 'X',
        location: '/Invoice/cac:AccountingCustomerParty/cac:Party/cac:PartyTaxScheme/cbc:CompanyID',
      }),
    ).toBe('recipient_vat_id');
    expect(fieldOfIssue({ rule: 'SCHEMA', location: '/Invoice/cbc:IssueDate' })).toBe('issue_date');
    expect(fieldOfIssue({ rule: 'BR-02', location: '/Invoice/cbc:ID' })).toBe('document_number');
    expect(fieldOfIssue({ rule: 'BR-CO-16', location: '/Invoice/cac:LegalMonetaryTotal/cbc:PayableAmount' })).toBe(
      'gross_amount',
    );
  });

  it('falls back on the rule where the location is a whole group, and on none where no field feeds it', () => {
    expect(fieldOfIssue({ rule: 'BR-CO-15', location: '/Invoice/cac:TaxTotal' })).toBe('gross_amount');
    expect(fieldOfIssue({ rule: 'BR-S-08', location: '/Invoice/cac:TaxTotal/cac:TaxSubtotal[1]' })).toBeNull();
    expect(fieldOfIssue({ rule: null, location: null })).toBeNull();
  });

  it('takes the UBL builder’s own missing-field problems at their word', () => {
    expect(fieldOfIssue({ rule: 'INVOICE-OPS-UBL', location: 'currency' })).toBe('currency');
    expect(fieldOfIssue({ rule: 'INVOICE-OPS-UBL', location: 'tax_breakdowns' })).toBeNull();
  });

  it('puts each issue on its field for the form, and keeps them all in the list', () => {
    const { issues, fieldErrors } = mapIssues([
      { rule: 'BR-CO-15', location: '/Invoice/cac:TaxTotal', message: 'totals disagree' },
      { rule: null, location: null, message: 'something else' },
    ]);
    expect(issues).toEqual([
      { rule: 'BR-CO-15', location: '/Invoice/cac:TaxTotal', message: 'totals disagree', field: 'gross_amount' },
      { rule: 'GoRoute', location: null, message: 'something else', field: null },
    ]);
    expect(fieldErrors).toEqual({ gross_amount: ['BR-CO-15: totals disagree'] });
  });
});

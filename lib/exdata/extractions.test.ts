import { describe, expect, it } from 'vitest';
import { extractionsBody } from './extractions';

describe('extractions', () => {
  it('keeps string amounts, turns numeric amounts and rates into text, leaves other values alone', () => {
    const out = extractionsBody.parse({
      data: {
        document_number: { value: 'RE-2026-1048', candidates: ['RE-2026-1048'] },
        gross_amount: { value: 1284.6, candidates: ['EUR 1,284.60', 1284.6] },
        net_amount: { value: '1079.50', candidates: null },
        due_date: { value: null, candidates: [] },
        tax_breakdowns: {
          value: [
            {
              taxable_amount: 1079.5,
              tax_amount: '205.10',
              tax_rate: 19,
              taxability: 'taxable',
              tax_collection_mechanism: 'seller_collected',
              tax_exemption_reason: null,
            },
          ],
          candidates: ['VAT 19% 205.10'],
        },
        page_count: { value: 2, candidates: null },
      },
    });
    expect(out).toEqual({
      document_number: { value: 'RE-2026-1048', candidates: ['RE-2026-1048'] },
      gross_amount: { value: '1284.6', candidates: ['EUR 1,284.60', '1284.6'] },
      net_amount: { value: '1079.50', candidates: null },
      due_date: { value: null, candidates: [] },
      tax_breakdowns: {
        value: [
          {
            taxable_amount: '1079.5',
            tax_amount: '205.10',
            tax_rate: '19',
            taxability: 'taxable',
            tax_collection_mechanism: 'seller_collected',
            tax_exemption_reason: null,
          },
        ],
        candidates: ['VAT 19% 205.10'],
      },
      page_count: { value: 2, candidates: null },
    });
  });

  it('treats missing candidates as null and a bare value as a field without candidates', () => {
    expect(extractionsBody.parse({ data: { currency: { value: 'EUR' }, is_e_invoice: true } })).toEqual({
      currency: { value: 'EUR', candidates: null },
      is_e_invoice: { value: true, candidates: null },
    });
  });
});

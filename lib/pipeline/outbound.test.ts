import { describe, expect, it } from 'vitest';
import { invoiceData } from './outbound';

const field = (value: string | null, json: unknown = null) => ({ value, json });

describe('the invoice data of an outbound send', () => {
  it('carries both parties as normal participant IDs, whatever form the approved fields hold', () => {
    const { data, problems } = invoiceData({
      document_number: field('INV-1'),
      issue_date: field('2026-03-01'),
      currency: field('EUR'),
      gross_amount: field('121.00'),
      sender_name: field('Supplier BV'),
      sender_peppol_id: field(' iso6523-actorid-upis::9925:BE0790123495 '),
      recipient_name: field('Customer NV'),
      recipient_peppol_id: field('0208:0486596540'),
      tax_breakdowns: field(null, [{ taxable_amount: '100.00', tax_amount: '21.00', tax_rate: '21' }]),
    });
    expect(problems).toEqual([]);
    // The UBL endpoint and the stored transaction are built from these, so both match what the participant filter looks
    // for.
    expect(data!.supplier.peppolId).toBe('9925:be0790123495');
    expect(data!.customer.peppolId).toBe('0208:0486596540');
  });
});

import { describe, expect, it } from 'vitest';
import { reviewFlags, type ExtractedField } from './review-rules';

const clean: Record<string, ExtractedField> = {
  document_number: { value: 'INV-1', candidates: null },
  issue_date: { value: '2026-11-01', candidates: null },
  currency: { value: 'EUR', candidates: ['EUR'] },
  gross_amount: { value: '1210.00', candidates: ['1210.00'] },
  sender_name: { value: 'Brouwerij Test BV', candidates: null },
  sender_iban: { value: 'BE68 5390 0754 7034', candidates: null },
  sender_vat_id: { value: 'BE0123456749', candidates: null },
  recipient_name: { value: 'Us', candidates: ['Us', 'Someone else'] },
};
const vendor = { vatId: 'BE0123456749', iban: 'BE68539007547034', peppolId: null };

describe('review rules', () => {
  it('lets a clean invoice from a known vendor through', () => {
    expect(reviewFlags(clean, vendor)).toEqual([]);
  });

  it('ignores disagreement on fields that move no money, tax or identity', () => {
    expect(reviewFlags(clean, vendor).map((f) => f.field)).not.toContain('recipient_name');
  });

  it('flags an amount whose candidates disagree with the value', () => {
    const flags = reviewFlags(
      { ...clean, gross_amount: { value: '1210.00', candidates: ['1210.00', '1012.10'] } },
      vendor,
    );
    expect(flags).toEqual([{ field: 'gross_amount', reason: 'candidates disagree: 1012.10' }]);
  });

  it('flags a missing required value', () => {
    expect(reviewFlags({ ...clean, gross_amount: { value: null, candidates: ['99.00'] } }, vendor)).toEqual([
      { field: 'gross_amount', reason: 'value missing' },
    ]);
  });

  it("flags an IBAN that differs from the vendor's approved one, whatever the spacing", () => {
    expect(reviewFlags(clean, { ...vendor, iban: 'be68 5390 0754 7034' })).toEqual([]);
    const flags = reviewFlags({ ...clean, sender_iban: { value: 'NL91ABNA0417164300', candidates: null } }, vendor);
    expect(flags[0]).toMatchObject({ field: 'sender_iban' });
    expect(flags[0]!.reason).toContain('BE68539007547034');
  });

  it('treats a first invoice from an unknown vendor as nothing to compare against', () => {
    expect(reviewFlags(clean, null)).toEqual([]);
  });
});

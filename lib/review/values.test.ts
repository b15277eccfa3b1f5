import { describe, expect, it } from 'vitest';
import { checkFieldValue, normalizeFieldValue } from './values';

describe('reviewed field values', () => {
  it('accepts decimal amounts and refuses anything else', () => {
    expect(checkFieldValue('gross_amount', '1210.50')).toBeNull();
    expect(checkFieldValue('gross_amount', '1.210,50')).toMatch(/amount like/);
    expect(checkFieldValue('gross_amount', '12.345')).toMatch(/at most 2 decimals/);
  });

  it('checks IBAN checksums', () => {
    expect(checkFieldValue('sender_iban', 'BE68 5390 0754 7034')).toBeNull();
    expect(checkFieldValue('sender_iban', 'BE68 5390 0754 7035')).toMatch(/checksum/);
  });

  it('checks VAT ID formats and check digits', () => {
    expect(checkFieldValue('sender_vat_id', 'BE0123.456.749')).toBeNull();
    expect(checkFieldValue('sender_vat_id', 'BE0123456748')).toMatch(/check digits/);
    expect(checkFieldValue('sender_vat_id', 'DE12345')).toMatch(/DE VAT ID format/);
  });

  it('checks Peppol IDs by scheme, dates and currencies', () => {
    expect(checkFieldValue('recipient_peppol_id', '0208:0123456749')).toBeNull();
    expect(checkFieldValue('recipient_peppol_id', '0208:12')).toMatch(/scheme 0208/);
    expect(checkFieldValue('issue_date', '2026-13-45')).toMatch(/YYYY-MM-DD/);
    expect(checkFieldValue('currency', 'eur')).toMatch(/three-letter/);
    expect(checkFieldValue('sender_name', '  ')).toBe('A value is required');
  });

  it('refuses typed text with control or direction-control characters, or longer than 500 characters', () => {
    expect(checkFieldValue('sender_name', 'Brouwerij\u0000 Test')).toMatch(/control characters/);
    expect(checkFieldValue('sender_name', 'Brouwerij \u202Etset')).toMatch(/direction-control characters/);
    expect(checkFieldValue('document_number', 'x'.repeat(10_000))).toBe('At most 500 characters');
    expect(checkFieldValue('sender_name', '  Brasserie Éclair  ')).toBeNull();
  });

  it('stores identifiers without spaces', () => {
    expect(normalizeFieldValue('sender_iban', 'be68 5390 0754 7034')).toBe('BE68539007547034');
  });
});

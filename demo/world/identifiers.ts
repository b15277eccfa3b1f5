/** Valid identifiers for demo companies (the check digits come from the standards' arithmetic in lib/identifiers) */
import { luhnCheck, makeIban, mod1110, mod97, pad } from '@/lib/identifiers';
import type { Rng } from './prng';

/** "BE68539007547034" → "BE68 5390 0754 7034" */
export function printableIban(iban: string): string {
  return iban.replace(/(.{4})(?=.)/g, '$1 ');
}

/** Builds a valid IBAN; `bank` is the national bank code (BE 3 digits, NL 4 letters, DE 8-digit BLZ, FR 10 digits, LU 3 digits, LT 5 digits). */
export function generateIban(rng: Rng, country: string, bank: string): string {
  switch (country) {
    case 'BE': {
      // bank(3) + account(7) + national check(2) = first 10 digits mod 97 (00 → 97).
      const first10 = bank + rng.digits(7);
      const check = mod97(first10) || 97;
      return makeIban('BE', first10 + pad(check, 2));
    }
    case 'NL': {
      // bank(4 letters) + account(10); the account keeps the old Dutch 11-test.
      for (;;) {
        const acc = '0' + rng.digits(9);
        const sum = acc.split('').reduce((s, d, i) => s + Number(d) * (10 - i), 0);
        if (sum % 11 === 0) return makeIban('NL', bank + acc);
      }
    }
    case 'DE':
      return makeIban('DE', bank + '0' + rng.digits(9));
    case 'FR': {
      // bank(5) + branch(5) + account(11) + RIB key(2).
      const account = rng.digits(11);
      const key = 97 - ((89 * Number(bank.slice(0, 5)) + 15 * Number(bank.slice(5, 10)) + 3 * Number(account)) % 97);
      return makeIban('FR', bank + account + pad(key, 2));
    }
    case 'LU':
      return makeIban('LU', bank + rng.digits(13));
    case 'LT':
      return makeIban('LT', bank + rng.digits(11));
    default:
      throw new Error(`no IBAN format for ${country}`);
  }
}

/** Belgian enterprise number (10 digits, leading 0): the last two digits are 97 − (first eight mod 97). */
export function belgianEnterpriseNumber(rng: Rng): string {
  const base = '0' + rng.int(2000000, 9999999).toString();
  return base + pad(97 - (Number(base) % 97), 2);
}

/** Dutch VAT: 9 digits passing the 11-test (weights 9..2, last digit = sum mod 11) + "B01". */
export function dutchVat(rng: Rng): string {
  for (;;) {
    const d = '1' + rng.digits(7);
    const sum = d.split('').reduce((s, c, i) => s + Number(c) * (9 - i), 0);
    const check = sum % 11;
    if (check < 10) return `NL${d}${check}B01`;
  }
}

export function germanVat(rng: Rng): string {
  const d = String(rng.int(1, 9)) + rng.digits(7);
  return `DE${d}${mod1110(d)}`;
}

/** French VAT: FR + key + SIREN, key = (12 + 3 × (SIREN mod 97)) mod 97. */
export function frenchVat(rng: Rng): string {
  const s8 = String(rng.int(3, 9)) + rng.digits(7);
  const siren = s8 + luhnCheck(s8);
  return `FR${pad((12 + 3 * (Number(siren) % 97)) % 97, 2)}${siren}`;
}

/** Luxembourg VAT: LU + 6 digits + (those 6 digits mod 89). */
export function luxembourgVat(rng: Rng): string {
  const d = String(rng.int(1, 3)) + rng.digits(5);
  return `LU${d}${pad(Number(d) % 89, 2)}`;
}

/** GS1 GLN: 12 digits (company prefix first) + the GS1 mod-10 check digit. */
export function generateGln(rng: Rng, prefix: string): string {
  const body = prefix + rng.digits(12 - prefix.length);
  const sum = body.split('').reduce((s, c, i) => s + Number(c) * (i % 2 === 0 ? 1 : 3), 0);
  return body + ((10 - (sum % 10)) % 10);
}

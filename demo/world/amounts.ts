/** An invoice's amounts in the demo world: lines, tax and totals in cents, and how exdata might misread them. */
import { pad } from '@/lib/identifiers';
import type { Company } from './companies';
import type { Rng } from './prng';

export interface TaxLine {
  rateBp: number;
  netCents: number;
  taxCents: number;
  reverseCharge: boolean;
}

export interface Amounts {
  currency: string;
  lines: TaxLine[];
  netCents: number;
  taxCents: number;
  grossCents: number;
}

/** Net amount drawn log-uniformly from the company's range; cross-border EU B2B invoices are reverse-charged. */
export function buildAmounts(rng: Rng, supplier: Company, recipientCountry: string, currency = 'EUR'): Amounts {
  const [min, max] = supplier.amount;
  const netCents = Math.round(Math.exp(Math.log(min) + rng.float() * (Math.log(max) - Math.log(min))) * 100);
  let lines: TaxLine[];
  if (supplier.country !== recipientCountry) {
    lines = [{ rateBp: 0, netCents, taxCents: 0, reverseCharge: true }];
  } else if (supplier.rates.length > 1 && rng.chance(0.6)) {
    const first = Math.round(netCents * (0.35 + rng.float() * 0.4));
    lines = [
      {
        rateBp: supplier.rates[0]!,
        netCents: first,
        taxCents: taxCents(first, supplier.rates[0]!),
        reverseCharge: false,
      },
      {
        rateBp: supplier.rates[1]!,
        netCents: netCents - first,
        taxCents: taxCents(netCents - first, supplier.rates[1]!),
        reverseCharge: false,
      },
    ];
  } else {
    const rate = supplier.rates[0]!;
    lines = [{ rateBp: rate, netCents, taxCents: taxCents(netCents, rate), reverseCharge: false }];
  }
  const tax = lines.reduce((s, l) => s + l.taxCents, 0);
  return { currency, lines, netCents, taxCents: tax, grossCents: netCents + tax };
}

export function taxBreakdownJson(lines: TaxLine[]) {
  return lines.map((l) => ({
    taxable_amount: formatCents(l.netCents),
    tax_amount: formatCents(l.taxCents),
    tax_rate: formatRate(l.rateBp),
    taxability: 'taxable',
    tax_collection_mechanism: l.reverseCharge ? 'reverse_charge' : 'standard',
    tax_exemption_reason: l.reverseCharge ? 'Reverse charge – Article 196 of Council Directive 2006/112/EC' : null,
  }));
}

/** A value a human or OCR could plausibly confuse with the real amount: swapped digits, a misread digit, or the net amount. */
export function confusableAmount(rng: Rng, cents: number, netCents: number): string {
  const kind = rng.weighted([
    ['swap', 3],
    ['misread', 2],
    ['net', netCents !== cents ? 2 : 0],
  ] as const);
  if (kind === 'net') return formatCents(netCents);
  const digits = String(cents).padStart(3, '0').split('');
  if (kind === 'swap') {
    for (let i = 0; i < digits.length - 1; i++) {
      const j = (i + rng.int(0, digits.length - 2)) % (digits.length - 1);
      if (digits[j] !== digits[j + 1]) {
        [digits[j], digits[j + 1]] = [digits[j + 1]!, digits[j]!];
        return formatCents(Number(digits.join('')));
      }
    }
  }
  const misread: Record<string, string> = {
    '1': '7',
    '7': '1',
    '3': '8',
    '8': '3',
    '5': '6',
    '6': '5',
    '0': '8',
    '2': '7',
    '4': '1',
    '9': '4',
  };
  const i = rng.int(0, Math.max(0, digits.length - 3));
  digits[i] = misread[digits[i]!]!;
  return formatCents(Number(digits.join('')));
}

/** Integer cents → "1234.56" (numeric columns and exdata values stay decimal strings, never floats). */
export function formatCents(cents: number): string {
  if (!Number.isSafeInteger(cents)) throw new Error(`not integer cents: ${cents}`);
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${pad(abs % 100, 2)}`;
}

/** VAT on a net amount, rate in basis points (2100 = 21 %), rounded half up to the cent. */
export function taxCents(netCents: number, rateBp: number): number {
  return Math.floor((netCents * rateBp + 5000) / 10000);
}

export function formatRate(rateBp: number): string {
  return formatCents(rateBp);
}

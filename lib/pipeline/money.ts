/** Decimal strings ⇄ integer cents, so amounts are added exactly (never floats). */
export function toCents(value: string): bigint {
  const m = /^(-)?(\d+)(?:\.(\d{1,2}))?$/.exec(value.trim());
  if (!m) throw new Error(`not a decimal amount: ${value}`);
  const cents = BigInt(m[2]!) * 100n + BigInt((m[3] ?? '0').padEnd(2, '0'));
  return m[1] ? -cents : cents;
}

export function fromCents(cents: bigint): string {
  const sign = cents < 0n ? '-' : '';
  const abs = cents < 0n ? -cents : cents;
  return `${sign}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
}

export const isAmount = (value: unknown): value is string =>
  typeof value === 'string' && /^-?\d+(\.\d{1,2})?$/.test(value.trim());

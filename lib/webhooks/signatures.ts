import { createHmac, timingSafeEqual } from 'node:crypto';
import type { SignatureResult } from '@/db/schema/enums';

export type Secrets = { current?: string; previous?: string };

function hmacHex(secret: string, body: Buffer | string) {
  return createHmac('sha256', secret).update(body).digest('hex');
}

/** Constant-time comparison; different lengths are unequal without comparing content. */
function sameHex(expected: string, given: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(given, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Checks a signature against the current secret, then the previous one, so secrets rotate without
 * downtime. `format` adds the provider's prefix (GoRoute: "sha256=<hex>", exdata: bare hex).
 */
export function checkSignature(
  body: Buffer | string,
  given: string | null | undefined,
  secrets: Secrets,
  format: (hex: string) => string,
): SignatureResult {
  if (!given) return 'missing';
  const normalized = given.trim().toLowerCase();
  if (secrets.current && sameHex(format(hmacHex(secrets.current, body)), normalized)) return 'valid';
  if (secrets.previous && sameHex(format(hmacHex(secrets.previous, body)), normalized)) return 'valid_previous_secret';
  return 'invalid';
}

export const gorouteFormat = (hex: string) => `sha256=${hex}`;
export const exdataFormat = (hex: string) => hex;

/** Seconds between the sender's clock and ours; positive when the delivery is older than now. */
export function skewSeconds(sentAt: Date | null, now: Date): number | null {
  if (!sentAt || Number.isNaN(sentAt.getTime())) return null;
  return Math.round((now.getTime() - sentAt.getTime()) / 1000);
}

/** exdata's X-Timestamp is Unix seconds. */
export function parseUnixSeconds(value: string | null | undefined): Date | null {
  if (!value || !/^\d{1,12}$/.test(value.trim())) return null;
  return new Date(Number(value.trim()) * 1000);
}

export function signGoRoute(body: string, secret: string) {
  return gorouteFormat(hmacHex(secret, body));
}

export function signExdata(body: string, secret: string) {
  return exdataFormat(hmacHex(secret, body));
}

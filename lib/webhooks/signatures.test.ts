import { describe, expect, it } from 'vitest';
import {
  checkSignature,
  exdataFormat,
  gorouteFormat,
  parseUnixSeconds,
  signExdata,
  signGoRoute,
  skewSeconds,
} from './signatures';

const body = '{"event":"transaction.delivered","event_id":"evt_1"}';
const secrets = { current: 'whsec_current', previous: 'whsec_previous' };

describe('webhook signatures', () => {
  it("accepts GoRoute's sha256=<hex> over the raw body", () => {
    expect(checkSignature(body, signGoRoute(body, 'whsec_current'), secrets, gorouteFormat)).toBe('valid');
    expect(checkSignature(body, signGoRoute(body, 'whsec_current').toUpperCase(), secrets, gorouteFormat)).toBe(
      'valid',
    );
  });

  it('accepts the previous secret during rotation, and says so', () => {
    expect(checkSignature(body, signExdata(body, 'whsec_previous'), secrets, exdataFormat)).toBe(
      'valid_previous_secret',
    );
  });

  it('refuses a tampered body, a wrong secret, a wrong format and a missing header', () => {
    const sig = signGoRoute(body, 'whsec_current');
    expect(checkSignature(body.replace('delivered', 'failed'), sig, secrets, gorouteFormat)).toBe('invalid');
    expect(checkSignature(body, signGoRoute(body, 'someone-else'), secrets, gorouteFormat)).toBe('invalid');
    expect(checkSignature(body, sig.slice('sha256='.length), secrets, gorouteFormat)).toBe('invalid');
    expect(checkSignature(body, sig.slice(0, -2), secrets, gorouteFormat)).toBe('invalid');
    expect(checkSignature(body, '', secrets, gorouteFormat)).toBe('missing');
    expect(checkSignature(body, null, secrets, gorouteFormat)).toBe('missing');
  });

  it('refuses everything when no secret is configured', () => {
    expect(checkSignature(body, signExdata(body, 'x'), {}, exdataFormat)).toBe('invalid');
  });

  it('parses exdata timestamps and measures skew', () => {
    const now = new Date('2026-11-25T12:00:00Z');
    expect(skewSeconds(parseUnixSeconds(String(now.getTime() / 1000 - 400)), now)).toBe(400);
    expect(parseUnixSeconds('12.5')).toBeNull();
    expect(parseUnixSeconds('yesterday')).toBeNull();
  });
});

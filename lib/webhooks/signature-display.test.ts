import { describe, expect, it } from 'vitest';
import { signatureResults } from '@/db/schema/enums';
import { shownHeaders, signatureLabels } from './signature-display';

describe('headers as the console shows them', () => {
  it('show the signature header as its verdict, also for rows stored with the value', () => {
    const stored = {
      'content-type': 'application/json',
      'x-event': 'document.completed',
      'x-signature': 'a'.repeat(64),
    };
    expect(shownHeaders(stored, 'exdata', 'valid')).toEqual({
      'content-type': 'application/json',
      'x-event': 'document.completed',
      'x-signature': 'valid',
    });
    expect(shownHeaders({ 'x-goroute-signature': 'sha256=ab' }, 'goroute', 'valid_previous_secret')).toEqual({
      'x-goroute-signature': 'valid (previous secret)',
    });
    expect(shownHeaders({ 'x-event': 'document.blocked' }, 'exdata', 'mismatch')).toEqual({
      'x-event': 'document.blocked',
      'x-signature': 'mismatch (header contradicts signed body)',
    });
  });

  it('show no signature header when none was sent, and never another provider’s value', () => {
    expect(shownHeaders({ 'user-agent': 'curl/8.5.0' }, 'exdata', 'missing')).toEqual({ 'user-agent': 'curl/8.5.0' });
    expect(shownHeaders({ 'x-signature': 'ab' }, 'goroute', 'invalid')).toEqual({ 'x-goroute-signature': 'invalid' });
    expect(shownHeaders(null, 'exdata', 'stale')).toEqual({ 'x-signature': 'stale' });
  });

  it('label every signature result', () => {
    for (const r of signatureResults) expect(signatureLabels[r]).toBeTruthy();
  });
});

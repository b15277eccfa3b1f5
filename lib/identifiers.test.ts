import { describe, expect, it } from 'vitest';
import { normalizeParticipantId, storedParticipant } from './identifiers';

describe('participant IDs in one normal form', () => {
  it('accepts every way the same participant is written, and gives one form', () => {
    for (const written of [
      '0208:0486596540',
      ' 0208:0486596540 ',
      'iso6523-actorid-upis::0208:0486596540',
      'ISO6523-ACTORID-UPIS::0208:0486596540',
    ]) {
      expect(normalizeParticipantId(written)).toBe('0208:0486596540');
    }
    // Peppol compares identifiers case-insensitively: the stored form is lower case.
    expect(normalizeParticipantId('9925:BE0486596540')).toBe('9925:be0486596540');
    expect(normalizeParticipantId('iso6523-actorid-upis::9930:DE123456789')).toBe('9930:de123456789');
  });

  it('refuses what is not scheme:identifier with a 4-digit scheme', () => {
    for (const text of [
      '0486596540',
      '208:0486596540',
      'BE:0486596540',
      '0208:',
      '0208:04865 96540',
      '0208:a:b',
      `0208:${'1'.repeat(51)}`,
      '',
      '   ',
      "' OR 1=1--",
    ]) {
      expect(normalizeParticipantId(text), text).toBeNull();
    }
    expect(normalizeParticipantId(null)).toBeNull();
  });

  it('stores a bare identifier sent beside its scheme (GoRoute, the seed) as scheme:identifier', () => {
    expect(storedParticipant('0208', '0486596540')).toEqual({ scheme: '0208', identifier: '0208:0486596540' });
    expect(storedParticipant(null, 'iso6523-actorid-upis::0088:5790000435951')).toEqual({
      scheme: '0088',
      identifier: '0088:5790000435951',
    });
    expect(storedParticipant('0208', '0208:0486596540')).toEqual({ scheme: '0208', identifier: '0208:0486596540' });
    expect(storedParticipant('9925', 'BE0486596540')).toEqual({ scheme: '9925', identifier: '9925:be0486596540' });
  });

  it('keeps what is no participant ID as it came, trimmed, rather than losing it', () => {
    expect(storedParticipant(null, ' acme-inbox ')).toEqual({ scheme: null, identifier: 'acme-inbox' });
    expect(storedParticipant('xx', 'acme')).toEqual({ scheme: 'xx', identifier: 'acme' });
    expect(storedParticipant('0208', null)).toEqual({ scheme: '0208', identifier: null });
  });
});

import { describe, expect, it } from 'vitest';
import { countryCode, day, oneOf, parseFilters, participantId, text } from './search-params';

const states = ['received', 'in_review', 'delivered'] as const;
const documentRules = { state: oneOf(states, 'state'), vendor: text(100), from: day, to: day };

describe('parseFilters', () => {
  it('applies the values its rules accept and reports each value it ignores, with why', () => {
    const { values, ignored } = parseFilters(
      { state: 'bogus', vendor: 'Acme', from: '2026-13-01', to: '2026-03-14' },
      documentRules,
    );
    expect(values).toEqual({ vendor: 'Acme', to: '2026-03-14' });
    expect(ignored).toEqual([
      { name: 'state', value: 'bogus', reason: 'not a known state' },
      { name: 'from', value: '2026-13-01', reason: 'not a date (YYYY-MM-DD)' },
    ]);
  });

  it('treats an empty field (a filter form sent untouched) as no filter, not as an ignored one', () => {
    expect(parseFilters({ state: '', vendor: '', from: '', to: '' }, documentRules)).toEqual({
      values: {},
      ignored: [],
    });
    expect(parseFilters({}, documentRules)).toEqual({ values: {}, ignored: [] });
  });

  it('reports a filter given twice instead of silently picking neither', () => {
    const { values, ignored } = parseFilters({ state: ['received', 'delivered'] }, documentRules);
    expect(values).toEqual({});
    expect(ignored).toEqual([
      { name: 'state', value: 'received, delivered', reason: 'given more than once; choose one value' },
    ]);
  });

  it('leaves parameters that are not filters (cursor, view flags) to the page', () => {
    expect(parseFilters({ after: 'xyz', cleared: '1', state: 'delivered' }, documentRules)).toEqual({
      values: { state: 'delivered' },
      ignored: [],
    });
  });

  it('cuts free text to its column and replaces NUL, which PostgreSQL text cannot hold', () => {
    const { values } = parseFilters(
      { vendor: `${'a'.repeat(150)}`, actor: 'x\u0000y' },
      { vendor: text(100), actor: text(254) },
    );
    expect(values.vendor).toHaveLength(100);
    expect(values.actor).toBe('x\uFFFDy');
  });

  it('reads a participant ID in any accepted form as its normal form, and ignores a bare identifier', () => {
    const rules = { participant: participantId };
    expect(parseFilters({ participant: 'iso6523-actorid-upis::9925:BE0486596540' }, rules)).toEqual({
      values: { participant: '9925:be0486596540' },
      ignored: [],
    });
    expect(parseFilters({ participant: '0486596540' }, rules).ignored).toEqual([
      {
        name: 'participant',
        value: '0486596540',
        reason: 'not a Peppol participant ID (scheme:identifier, e.g. 0208:0123456749)',
      },
    ]);
  });

  it('takes a two-letter country code in capitals and reports anything longer instead of cutting it', () => {
    const rules = { country: countryCode };
    expect(parseFilters({ country: ' be ' }, rules).values).toEqual({ country: 'BE' });
    expect(parseFilters({ country: 'Belgium' }, rules)).toEqual({
      values: {},
      ignored: [{ name: 'country', value: 'Belgium', reason: 'not a two-letter country code (e.g. BE)' }],
    });
  });
});

import { describe, expect, it } from 'vitest';
import { formatAge, formatDateTime, formatTimestamp } from './format';

describe('times for people', () => {
  const at = new Date('2026-12-03T17:45:12.345Z');

  it('shows a moment to the second, in UTC, whatever the machine’s zone', () => {
    expect(formatDateTime(at)).toBe('3 Dec 2026, 17:45:12 UTC');
    expect(formatDateTime(null)).toBe('—');
  });

  it('gives the exact timestamp of a tooltip, unambiguous in any locale', () => {
    expect(formatTimestamp(at)).toBe('2026-12-03 17:45:12 UTC');
  });

  it('says an age in seconds under 90 s, then minutes, hours and days', () => {
    expect(formatAge(at, new Date('2026-12-03T17:46:01Z'))).toBe('49 s');
    expect(formatAge(at, new Date('2026-12-03T18:15:12Z'))).toBe('30 min');
  });
});

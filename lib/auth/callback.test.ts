import { describe, expect, it } from 'vitest';
import { safeCallback } from './callback';

describe('safeCallback', () => {
  it('keeps same-site paths with their query', () => {
    expect(safeCallback('/documents?state=approved')).toBe('/documents?state=approved');
    expect(safeCallback(['/review', '/x'])).toBe('/review');
  });

  it('refuses anything a browser would send to another site', () => {
    for (const evil of ['//evil.example', '/\\evil.example', '/\\/evil.example', '/\t/evil.example', '/\n/evil.example', 'https://evil.example', 'javascript:alert(1)', '']) {
      expect(safeCallback(evil)).toBe('/');
    }
    expect(safeCallback(undefined)).toBe('/');
  });
});

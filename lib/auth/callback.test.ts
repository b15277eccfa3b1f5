import { describe, expect, it } from 'vitest';
import { safeCallback, safeRedirect } from './callback';

describe('safeCallback', () => {
  it('keeps same-site paths with their query', () => {
    expect(safeCallback('/documents?state=approved')).toBe('/documents?state=approved');
    expect(safeCallback(['/review', '/x'])).toBe('/review');
    expect(safeCallback('/documents/./x/../y#top')).toBe('/documents/y#top');
  });

  it('refuses anything a browser would send to another site', () => {
    for (const evil of [
      '//evil.example',
      '/\\evil.example',
      '/\\/evil.example',
      '/\t/evil.example',
      '/\n/evil.example',
      'https://evil.example',
      'javascript:alert(1)',
      '',
    ]) {
      expect(safeCallback(evil)).toBe('/');
    }
    expect(safeCallback(undefined)).toBe('/');
  });

  it('refuses paths that only become protocol-relative once their dot segments are removed', () => {
    for (const evil of [
      '/.//evil.example',
      '/..//x',
      '/%2e%2e//x',
      '/%2E//x',
      '/a/..//x',
      '/a/b/../..//x',
      '/./%2e//evil.example/path?q=1',
    ]) {
      expect(safeCallback(evil), evil).toBe('/');
    }
  });
});

describe('safeRedirect', () => {
  const base = 'http://localhost:3000';
  it('keeps targets on this site', () => {
    expect(safeRedirect('/failures', base)).toBe('http://localhost:3000/failures');
    expect(safeRedirect('http://localhost:3000/review?x=1', base)).toBe('http://localhost:3000/review?x=1');
  });
  it('sends every other target home', () => {
    for (const evil of [
      'https://evil.example/',
      'http://localhost:3001/',
      '//evil.example',
      '/.//evil.example',
      'http://localhost:3000/.//evil.example',
      'not a url',
    ]) {
      expect(safeRedirect(evil, base), evil).toBe('http://localhost:3000/');
    }
  });
});

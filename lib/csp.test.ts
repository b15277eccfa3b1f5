import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, isCrossOrigin, newNonce } from './csp';

describe('content security policy', () => {
  it('allows scripts only by nonce, and eval only in development', () => {
    const csp = contentSecurityPolicy('abc', false);
    expect(csp).toContain("script-src 'self' 'nonce-abc' 'strict-dynamic'");
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(contentSecurityPolicy('abc', true)).toContain("'unsafe-eval'");
  });

  it('makes a fresh nonce every time', () => {
    expect(newNonce()).not.toBe(newNonce());
    expect(newNonce()).toMatch(/^[A-Za-z0-9+/]{22}==$/);
  });
});

describe('cross-origin requests', () => {
  it('refuses a foreign or null Origin and accepts our own or none', () => {
    expect(isCrossOrigin('https://evil.example', 'console.example')).toBe(true);
    expect(isCrossOrigin('null', 'console.example')).toBe(true);
    expect(isCrossOrigin('not a url', 'console.example')).toBe(true);
    expect(isCrossOrigin('https://console.example', 'console.example')).toBe(false);
    expect(isCrossOrigin('http://127.0.0.1:3000', '127.0.0.1:3000')).toBe(false);
    expect(isCrossOrigin(null, 'console.example')).toBe(false);
  });
});

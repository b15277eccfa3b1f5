import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { CLIENT_HEADER, clientFromHeaders, clientKey, resolveClientAddress, stampClient } from './client-address';

describe('resolveClientAddress', () => {
  it('believes the socket, not X-Forwarded-For, when no proxy is trusted', () => {
    expect(resolveClientAddress('203.0.113.9', '198.51.100.1', 0)).toBe('203.0.113.9');
    expect(resolveClientAddress('::ffff:127.0.0.1', undefined, 0)).toBe('127.0.0.1');
    expect(resolveClientAddress(undefined, '198.51.100.1', 0)).toBe('unknown');
  });

  it('counts trusted proxies from the right, so entries the client wrote on the left are ignored', () => {
    // client forged "1.1.1.1"; our one proxy appended the address it saw.
    expect(resolveClientAddress('10.0.0.2', '1.1.1.1, 203.0.113.9', 1)).toBe('203.0.113.9');
    expect(resolveClientAddress('10.0.0.3', '1.1.1.1, 203.0.113.9, 10.0.0.2', 2)).toBe('203.0.113.9');
    expect(resolveClientAddress('10.0.0.3', ['1.1.1.1', '203.0.113.9, 10.0.0.2'], 2)).toBe('203.0.113.9');
  });

  it('falls back to the leftmost entry or the socket when the header is short or garbage', () => {
    expect(resolveClientAddress('10.0.0.2', '203.0.113.9', 3)).toBe('203.0.113.9');
    expect(resolveClientAddress('10.0.0.2', 'not-an-ip', 1)).toBe('10.0.0.2');
    expect(resolveClientAddress('10.0.0.2', '', 1)).toBe('10.0.0.2');
    expect(resolveClientAddress('10.0.0.2', '[2001:db8::1]', 1)).toBe('2001:db8::1');
    expect(resolveClientAddress('10.0.0.2', '203.0.113.9:4711', 1)).toBe('203.0.113.9');
  });
});

describe('clientKey', () => {
  it('keys IPv4 by address and IPv6 by its /64', () => {
    expect(clientKey('203.0.113.9')).toBe('203.0.113.9');
    expect(clientKey('2001:db8:1:2:aaaa::1')).toBe(clientKey('2001:db8:1:2:bbbb:cccc:dddd:eeee'));
    expect(clientKey('2001:db8:1:2::1')).not.toBe(clientKey('2001:db8:1:3::1'));
    expect(clientKey('::1')).toBe('0:0:0:0::/64');
    expect(clientKey('unknown')).toBe('unknown');
  });
});

describe('stampClient', () => {
  const request = (headers: Record<string, string>) =>
    ({ headers: { ...headers }, socket: { remoteAddress: '203.0.113.9' } }) as unknown as IncomingMessage;

  it('overwrites a client-sent client header and drops forwarding headers when no proxy is trusted', () => {
    const req = request({
      [CLIENT_HEADER]: '1.1.1.1',
      'x-forwarded-host': 'evil.example',
      'x-forwarded-for': '1.1.1.1',
      forwarded: 'for=1.1.1.1',
      host: 'console.example',
    });
    expect(stampClient(req, 0)).toBe('203.0.113.9');
    expect(req.headers).toEqual({ [CLIENT_HEADER]: '203.0.113.9', host: 'console.example' });
    // From then on, in this process, route handlers read the stamped header.
    expect(clientFromHeaders(new Headers(req.headers as Record<string, string>), 0)).toBe('203.0.113.9');
  });

  it('keeps what a trusted proxy forwarded', () => {
    const req = request({ 'x-forwarded-host': 'console.example', 'x-forwarded-for': '198.51.100.7' });
    expect(stampClient(req, 1)).toBe('198.51.100.7');
    expect(req.headers['x-forwarded-host']).toBe('console.example');
  });
});

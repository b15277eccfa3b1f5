// The console's shell outside any feature: the favicon every page asks for, and /api addresses nothing serves.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as unknownApi from '@/app/api/[...path]/route';

const root = path.join(__dirname, '..');

describe('the favicon (app/favicon.ico)', () => {
  it('is an ICO holding one 32×32 PNG, so /favicon.ico answers 200 instead of a 404 in the browser console of every page', () => {
    const ico = readFileSync(path.join(root, 'app', 'favicon.ico'));
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2), ico.readUInt16LE(4)]).toEqual([0, 1, 1]);
    const [width, height, size, offset] = [ico[6], ico[7], ico.readUInt32LE(14), ico.readUInt32LE(18)];
    expect([width, height]).toEqual([32, 32]);
    const png = ico.subarray(offset, offset + size);
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([32, 32]);
    expect(offset + size).toBe(ico.length);
  });
});

describe('an /api address no route handler serves (app/api/[...path])', () => {
  const methods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;

  it('answers 404 JSON to every method', async () => {
    for (const method of methods) {
      const res = unknownApi[method]();
      expect(res.status, method).toBe(404);
      expect(await res.json()).toEqual({ error: 'not found' });
    }
  });

  it('never reads the body: an empty multipart POST (a 500 before) is a plain 404', async () => {
    const req = new Request('http://console/api/no-such-route', {
      method: 'POST',
      body: '',
      headers: { 'content-type': 'multipart/form-data; boundary=x' },
    });
    const res = (unknownApi.POST as (r: Request) => Response)(req);
    expect(res.status).toBe(404);
    expect(req.bodyUsed).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { ProviderError } from '@/lib/provider-http/errors';
import { MAX_UPLOAD_BYTES, checkUpload, detectFormat } from './file-check';

const pdf = new Uint8Array(Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj'));
const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]);
const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]);
const tiffLE = new Uint8Array([0x49, 0x49, 0x2a, 0x00, 8, 0]);
const tiffBE = new Uint8Array([0x4d, 0x4d, 0x00, 0x2a, 0, 8]);

function refusal(fn: () => unknown): ProviderError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ProviderError);
    return error as ProviderError;
  }
  throw new Error('expected a refusal');
}

describe('pre-upload file check', () => {
  it('detects each accepted format by its magic bytes', () => {
    expect([pdf, png, jpeg, tiffLE, tiffBE].map(detectFormat)).toEqual(['pdf', 'png', 'jpeg', 'tiff', 'tiff']);
    expect(detectFormat(new Uint8Array(Buffer.from('PK\x03\x04')))).toBeNull();
  });

  it('accepts matching content, extension and type', () => {
    expect(checkUpload({ file: pdf, filename: 'Invoice.PDF', contentType: 'application/pdf' })).toEqual({
      format: 'pdf',
      mime: 'application/pdf',
    });
    expect(checkUpload({ file: jpeg, filename: 'scan.jpg', contentType: 'image/jpg' }).mime).toBe('image/jpeg');
    expect(checkUpload({ file: tiffBE, filename: 'fax.tif', contentType: 'application/octet-stream' }).format).toBe(
      'tiff',
    );
    expect(checkUpload({ file: png, filename: 'x.png', contentType: 'image/png; charset=binary' }).format).toBe('png');
  });

  it('refuses an empty or oversized file', () => {
    expect(refusal(() => checkUpload({ file: new Uint8Array(), filename: 'a.pdf' }))).toMatchObject({
      kind: 'validation',
      code: 'FILE_EMPTY',
      httpStatus: null,
    });
    const big = new Uint8Array(MAX_UPLOAD_BYTES + 1);
    big.set(pdf);
    expect(refusal(() => checkUpload({ file: big, filename: 'a.pdf' }))).toMatchObject({
      code: 'FILE_TOO_LARGE',
      details: [{ field: 'file' }],
      retryable: false,
    });
    const limit = new Uint8Array(MAX_UPLOAD_BYTES);
    limit.set(pdf);
    expect(checkUpload({ file: limit, filename: 'a.pdf' }).format).toBe('pdf');
  });

  it('refuses content that is none of the accepted formats, whatever its name says', () => {
    const zip = new Uint8Array(Buffer.from('PK\x03\x04 rest'));
    expect(
      refusal(() => checkUpload({ file: zip, filename: 'invoice.pdf', contentType: 'application/pdf' })),
    ).toMatchObject({
      code: 'UNSUPPORTED_FILE_TYPE',
      details: [{ field: 'file' }],
    });
  });

  it('refuses a name whose extension disagrees with the content', () => {
    expect(refusal(() => checkUpload({ file: png, filename: 'invoice.pdf' }))).toMatchObject({
      details: [{ field: 'filename' }],
    });
    expect(refusal(() => checkUpload({ file: pdf, filename: 'invoice' }))).toMatchObject({
      details: [{ field: 'filename' }],
    });
  });

  it('refuses a declared type that disagrees with the content', () => {
    expect(refusal(() => checkUpload({ file: pdf, filename: 'a.pdf', contentType: 'image/png' }))).toMatchObject({
      details: [{ field: 'contentType' }],
    });
  });
});

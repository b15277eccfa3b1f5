// Reads exdata's multipart upload (file, locale, custom_types[], requester) with busboy and checks it the
// way exdata does: a file is required, at most 20 MiB, and a PDF, PNG, JPEG or TIFF.
import type { IncomingMessage } from 'node:http';
import busboy from 'busboy';
import { header } from '../core/http';

const MAX_FILE_BYTES = 20 * 1024 * 1024;

export interface Upload {
  filename: string;
  format: 'pdf' | 'png' | 'jpg' | 'tiff';
  bytes: Buffer;
  locale: string | null;
  customTypes: string[];
  requester: string | null;
}

export type UploadResult = { ok: true; upload: Upload } | { ok: false; errors: Record<string, string[]> };

const EXTENSIONS: Record<string, Upload['format']> = {
  pdf: 'pdf',
  png: 'png',
  jpg: 'jpg',
  jpeg: 'jpg',
  tif: 'tiff',
  tiff: 'tiff',
};

/** File type from its first bytes; the extension decides only when the content is not recognisable. */
function detectFormat(filename: string, bytes: Buffer): Upload['format'] | null {
  if (bytes.subarray(0, 5).toString('latin1') === '%PDF-') return 'pdf';
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpg';
  const tiff = bytes.subarray(0, 4).toString('latin1');
  if (tiff === 'II*\0' || tiff === 'MM\0*') return 'tiff';
  return EXTENSIONS[filename.split('.').pop()?.toLowerCase() ?? ''] ?? null;
}

export async function readUpload(req: IncomingMessage): Promise<UploadResult> {
  if (!/^multipart\/form-data/i.test(header(req, 'content-type') ?? '')) {
    req.resume();
    return { ok: false, errors: { file: ['The file field is required.'] } };
  }
  const fields: Record<string, string[]> = {};
  let file: { filename: string; bytes: Buffer; truncated: boolean } | undefined;
  let fileDone: Promise<void> = Promise.resolve();

  try {
    await new Promise<void>((resolve, reject) => {
      const bb = busboy({ headers: req.headers, limits: { fileSize: MAX_FILE_BYTES, files: 1, fields: 100 } });
      bb.on('file', (name, stream, info) => {
        if (name !== 'file') return stream.resume();
        const chunks: Buffer[] = [];
        let truncated = false;
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('limit', () => (truncated = true));
        fileDone = new Promise((done) =>
          stream.on('close', () => {
            file = { filename: info.filename || 'upload', bytes: Buffer.concat(chunks), truncated };
            done();
          }),
        );
      });
      bb.on('field', (name, value) => (fields[name] ??= []).push(value));
      bb.on('close', resolve);
      bb.on('error', reject);
      req.pipe(bb);
    });
    await fileDone;
  } catch {
    return { ok: false, errors: { file: ['The file failed to upload: the multipart body is malformed.'] } };
  }

  if (!file) return { ok: false, errors: { file: ['The file field is required.'] } };
  if (file.truncated)
    return { ok: false, errors: { file: [`The file must not be greater than ${MAX_FILE_BYTES / 1024} kilobytes.`] } };
  if (file.bytes.length === 0) return { ok: false, errors: { file: ['The file must not be empty.'] } };
  const format = detectFormat(file.filename, file.bytes);
  if (!format) return { ok: false, errors: { file: ['The file must be a file of type: pdf, png, jpg, jpeg, tiff.'] } };
  return {
    ok: true,
    upload: {
      filename: file.filename,
      format,
      bytes: file.bytes,
      locale: fields['locale']?.[0] ?? null,
      customTypes: [...(fields['custom_types[]'] ?? []), ...(fields['custom_types'] ?? [])],
      requester: fields['requester']?.[0] ?? null,
    },
  };
}

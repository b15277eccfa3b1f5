import { refused } from '@/lib/provider-http/classify';

/** Our own cap, far below exdata's 500 MB: an invoice bigger than this is a scan gone wrong. */
export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

export const uploadFormats = ['pdf', 'png', 'jpeg', 'tiff'] as const;
export type UploadFormat = (typeof uploadFormats)[number];

type FormatRule = { mime: string; extensions: string[]; aliases: string[]; magic: number[][] };

const rules: Record<UploadFormat, FormatRule> = {
  pdf: {
    mime: 'application/pdf',
    extensions: ['pdf'],
    aliases: ['application/x-pdf'],
    magic: [[0x25, 0x50, 0x44, 0x46, 0x2d]],
  },
  png: {
    mime: 'image/png',
    extensions: ['png'],
    aliases: ['image/x-png'],
    magic: [[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
  },
  jpeg: {
    mime: 'image/jpeg',
    extensions: ['jpg', 'jpeg'],
    aliases: ['image/jpg', 'image/pjpeg'],
    magic: [[0xff, 0xd8, 0xff]],
  },
  tiff: {
    mime: 'image/tiff',
    extensions: ['tif', 'tiff'],
    aliases: ['image/tif', 'image/x-tiff'],
    magic: [
      [0x49, 0x49, 0x2a, 0x00],
      [0x4d, 0x4d, 0x00, 0x2a],
    ],
  },
};

// Browsers and mail gateways label files loosely; these say nothing, so the bytes decide.
const neutralTypes = new Set(['', 'application/octet-stream', 'binary/octet-stream']);

/** The format the first bytes prove, or null. The extension and declared type are only claims. */
export function detectFormat(file: Uint8Array): UploadFormat | null {
  for (const format of uploadFormats) {
    if (rules[format].magic.some((magic) => magic.every((byte, i) => file[i] === byte))) return format;
  }
  return null;
}

function extensionOf(filename: string): string {
  const dot = filename.lastIndexOf('.');
  return dot < 0 ? '' : filename.slice(dot + 1).toLowerCase();
}

/**
 * The checklist's "validates file size and type before upload": a file exdata would reject (or we
 * should not pay to extract) fails here with a field-level ProviderError, and no request is made.
 */
export function checkUpload(input: { file: Uint8Array; filename: string; contentType?: string }): {
  format: UploadFormat;
  mime: string;
} {
  const { file, filename } = input;
  const accepted = 'PDF, PNG, JPEG or TIFF';
  if (file.byteLength === 0) throw refused('exdata', 'FILE_EMPTY', 'file', 'The file is empty.');
  if (file.byteLength > MAX_UPLOAD_BYTES) {
    const mib = (file.byteLength / 1024 / 1024).toFixed(1);
    throw refused('exdata', 'FILE_TOO_LARGE', 'file', `The file is ${mib} MiB; the limit is 20 MiB.`);
  }
  if (filename.trim() === '' || filename.length > 255)
    throw refused('exdata', 'INVALID_FILENAME', 'filename', 'The file name must be 1–255 characters.');
  const format = detectFormat(file);
  if (!format) throw refused('exdata', 'UNSUPPORTED_FILE_TYPE', 'file', `The file content is not ${accepted}.`);
  const rule = rules[format];
  if (!rule.extensions.includes(extensionOf(filename))) {
    throw refused(
      'exdata',
      'UNSUPPORTED_FILE_TYPE',
      'filename',
      `The file content is ${format.toUpperCase()} but the name "${filename}" does not end in .${rule.extensions.join(' or .')}.`,
    );
  }
  const declared = ((input.contentType ?? '').split(';')[0] ?? '').trim().toLowerCase();
  if (!neutralTypes.has(declared) && declared !== rule.mime && !rule.aliases.includes(declared)) {
    throw refused(
      'exdata',
      'UNSUPPORTED_FILE_TYPE',
      'contentType',
      `The file is declared as ${declared} but its content is ${format.toUpperCase()}.`,
    );
  }
  return { format, mime: rule.mime };
}

// The bytes behind the demo documents that may still be uploaded: received and uploading ones (their upload job
// runs at start), failed extractions and credit-blocked ones (a person's "Upload again" / "Resume uploads").
// Without them the first thing the demo did was fail those uploads with FILE_MISSING. Small but real files of
// the type the name says, so the intake's content check and exdata's accept them.
import { createHash } from 'node:crypto';
import type { documentFiles, documents } from '@/db/schema';
import { samplePdf } from '@/lib/pipeline/intake';

type DocumentRow = typeof documents.$inferInsert;
type FileRow = typeof documentFiles.$inferInsert;

const NEEDS_FILE = new Set(['received', 'uploading', 'extraction_failed', 'blocked']);

// An 8×8 white PNG and JPEG (rendered by Chromium): small valid files of their kind standing in for a photo or scan.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAH0lEQVR4nMzJsQ0AAAzCMFT1/5fDA7Dj1Q8oORWbYQAAAP//KHiIAgAAAAZJREFUAwBZLAMQB6rXZQAAAABJRU5ErkJggg==',
  'base64',
);
const JPEG = Buffer.from(
  '/9j/4AAQSkZJRgABAQAAAQABAAD/4gHYSUNDX1BST0ZJTEUAAQEAAAHIAAAAAAQwAABtbnRyUkdCIFhZWiAH4AABAAEAAAAAAABhY3NwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAQAA9tYAAQAAAADTLQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAlkZXNjAAAA8AAAACRyWFlaAAABFAAAABRnWFlaAAABKAAAABRiWFlaAAABPAAAABR3dHB0AAABUAAAABRyVFJDAAABZAAAAChnVFJDAAABZAAAAChiVFJDAAABZAAAAChjcHJ0AAABjAAAADxtbHVjAAAAAAAAAAEAAAAMZW5VUwAAAAgAAAAcAHMAUgBHAEJYWVogAAAAAAAAb6IAADj1AAADkFhZWiAAAAAAAABimQAAt4UAABjaWFlaIAAAAAAAACSgAAAPhAAAts9YWVogAAAAAAAA9tYAAQAAAADTLXBhcmEAAAAAAAQAAAACZmYAAPKnAAANWQAAE9AAAApbAAAAAAAAAABtbHVjAAAAAAAAAAEAAAAMZW5VUwAAACAAAAAcAEcAbwBvAGcAbABlACAASQBuAGMALgAgADIAMAAxADb/2wBDABALDA4MChAODQ4SERATGCgaGBYWGDEjJR0oOjM9PDkzODdASFxOQERXRTc4UG1RV19iZ2hnPk1xeXBkeFxlZ2P/2wBDARESEhgVGC8aGi9jQjhCY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2P/wAARCAAIAAgDASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAAAAf/xAAUEAEAAAAAAAAAAAAAAAAAAAAA/8QAFAEBAAAAAAAAAAAAAAAAAAAAAP/EABQRAQAAAAAAAAAAAAAAAAAAAAD/2gAMAwEAAhEDEQA/AKAAD//Z',
  'base64',
);

const contentTypes: Record<string, string> = { pdf: 'application/pdf', png: 'image/png', jpg: 'image/jpeg' };

function bytesFor(doc: DocumentRow): Buffer | null {
  if (doc.fileFormat === 'png') return PNG;
  if (doc.fileFormat === 'jpg') return JPEG;
  if (doc.fileFormat === 'pdf')
    return samplePdf([`Invoice ${doc.invoiceNumber ?? doc.sourceId}`, doc.senderName ?? '', `Source ${doc.sourceId}`]);
  // A format exdata does not take (the demo's .heic photo) has nothing a re-upload could send.
  return null;
}

/** Files for the documents that may still be uploaded; each such document's size becomes its file's. */
export function demoFiles(docs: DocumentRow[]): FileRow[] {
  const files: FileRow[] = [];
  for (const doc of docs) {
    if (!NEEDS_FILE.has(doc.pipelineState ?? '')) continue;
    const content = bytesFor(doc);
    if (!content) continue;
    doc.fileSize = content.length;
    files.push({
      documentId: doc.id!,
      contentType: contentTypes[doc.fileFormat]!,
      sha256: createHash('sha256').update(content).digest('hex'),
      size: content.length,
      content,
      createdAt: doc.createdAt,
    });
  }
  return files;
}

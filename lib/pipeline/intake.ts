import { recordTimeline } from '@/lib/pipeline/audit-trail';
import { createHash, randomBytes } from 'node:crypto';
import { documentFiles, documents } from '@/db/schema';
import { queues } from '@/lib/jobs/queues';
import type { Enqueue } from '@/db/transaction';
import type { Executor } from '@/db/client';

export type IncomingFile = {
  content: Buffer;
  filename: string;
  contentType: string;
  requester?: string;
  locale?: string;
};

/** Our own ID for a received file: sortable by time, unique without a round trip. */
function newSourceId(now = new Date()) {
  return `SRC-${now.getUTCFullYear()}-${now.getTime().toString(36).toUpperCase()}${randomBytes(2).toString('hex').toUpperCase()}`;
}

/**
 * A supplier PDF enters the pipeline: the document, its bytes and its upload job commit together,
 * with the idempotency key that every upload attempt of this file will reuse.
 */
export async function receiveDocument(tx: Executor, enqueue: Enqueue, file: IncomingFile): Promise<string> {
  const sourceId = newSourceId();
  const [doc] = await tx
    .insert(documents)
    .values({
      sourceId,
      uploadIdempotencyKey: `upload:${sourceId}:1`,
      filename: file.filename,
      fileFormat: file.filename.split('.').pop()?.toLowerCase() ?? 'pdf',
      fileSize: file.content.length,
      locale: file.locale ?? null,
      requester: file.requester ?? null,
    })
    .returning({ id: documents.id });
  await tx.insert(documentFiles).values({
    documentId: doc!.id,
    contentType: file.contentType,
    sha256: createHash('sha256').update(file.content).digest('hex'),
    size: file.content.length,
    content: file.content,
  });
  await recordTimeline(tx, {
    documentId: doc!.id,
    kind: 'system',
    title: `Received ${file.filename}`,
    toState: 'received',
  });
  await enqueue(queues.documentUpload, { documentId: doc!.id });
  return doc!.id;
}

/** A small, valid one-page PDF carrying the given lines of text (demo and test input). */
export function samplePdf(lines: string[]): Buffer {
  const text = lines.map((l, i) => `BT /F1 11 Tf 50 ${780 - i * 16} Td (${l.replace(/[()\\]/g, '')}) Tj ET`).join('\n');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${Buffer.byteLength(text)} >>\nstream\n${text}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(Buffer.byteLength(body));
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body);
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

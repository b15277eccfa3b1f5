// A table's rows in COPY text format, written to a temporary file while the stories are generated and
// streamed into the table once its parents are loaded. Child rows cannot be COPYed while their parents' COPY
// is still open (foreign keys are checked against committed rows), and simulating every story a second time
// per table would cost more than writing the lines to disk once.
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { RowFormat } from './copy';

const FLUSH_AT = 256 * 1024;

export class Spool<R> {
  rows = 0;
  private buffer = '';
  private readonly out: WriteStream;
  readonly file: string;

  constructor(
    dir: string,
    readonly format: RowFormat<R>,
  ) {
    this.file = path.join(dir, `${format.table}.copy`);
    this.out = createWriteStream(this.file, { highWaterMark: 1 << 20 });
  }

  add(row: R): void {
    this.buffer += this.format.line(row);
    this.rows++;
    if (this.buffer.length >= FLUSH_AT) this.flush();
  }

  private flush(): void {
    if (this.buffer) this.out.write(this.buffer);
    this.buffer = '';
  }

  /** Waits while the file stream is behind, so the generator never outruns the disk with memory. */
  async ready(): Promise<void> {
    if (this.out.writableNeedDrain) await once(this.out, 'drain');
  }

  private closing: Promise<unknown> | null = null;

  /** Ends the file; closing again waits for the same end. */
  close(): Promise<unknown> {
    if (!this.closing) {
      this.flush();
      this.closing = once(this.out, 'close');
      this.out.end();
    }
    return this.closing;
  }

  read(): Readable {
    return createReadStream(this.file, { highWaterMark: 1 << 20 });
  }
}

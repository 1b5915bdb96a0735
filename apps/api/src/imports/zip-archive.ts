import { Zip, ZipDeflate, strToU8 } from 'fflate';

/**
 * A zip archive written a file at a time: each call returns the bytes the archive has produced so far, so a large
 * export streams to the client instead of being held whole.
 */
export class ZipArchive {
  private readonly zip: Zip;
  private pending: Uint8Array[] = [];
  private open: ZipDeflate | undefined;

  constructor() {
    this.zip = new Zip((error, chunk) => {
      if (error) throw error;
      this.pending.push(chunk);
    });
  }

  /** Adds `text` (UTF-8) to the file `name`; a file given in parts ends with the part where `last` is true. */
  add(name: string, text: string, last = true): Uint8Array {
    if (!this.open) {
      // Level 1: CSV text still shrinks about eightfold, at a fraction of level 6's time.
      this.open = new ZipDeflate(name, { level: 1 });
      this.zip.add(this.open);
    }
    this.open.push(strToU8(text), last);
    if (last) this.open = undefined;
    return this.take();
  }

  end(): Uint8Array {
    this.zip.end();
    return this.take();
  }

  private take(): Uint8Array {
    const bytes = Buffer.concat(this.pending);
    this.pending = [];
    return bytes;
  }
}

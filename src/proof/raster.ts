import { spawn } from 'node:child_process';
import { popplerError } from './pdf-file.js';

/** An 8-bit RGB image, rows top to bottom, 3 bytes per pixel, no padding. */
export interface RgbImage {
  width: number;
  height: number;
  data: Buffer;
}

export interface RasterPage extends RgbImage {
  /** 1-based page number in the PDF. */
  page: number;
}

export interface RasterOptions {
  /** Resolution; ignored when `scaleToWidth` is set. */
  dpi?: number;
  /** Render each page exactly this many pixels wide (height follows the page's proportions). */
  scaleToWidth?: number;
  /** 1-based page range, inclusive; default every page. */
  first?: number;
  last?: number;
}

/**
 * Renders pages with pdftoppm and yields them one at a time, straight from its stdout as PPM.
 * Why not `pdftoppm -png`: on the 19-page sample it takes 1.75 s, nearly all of it libpng's adaptive
 * filtering and compression; PPM comes out in 0.22–0.27 s, and pngjs writes the PNG with no filter in
 * ~0.012 s a page (smaller files too: these pages are mostly white). Streaming keeps memory at a page or two, whatever the
 * book's length, and pdftoppm renders the next page while the caller handles this one.
 */
export async function* rasterize(pdfFile: string, options: RasterOptions = {}): AsyncGenerator<RasterPage> {
  const args = options.scaleToWidth ? ['-scale-to-x', String(options.scaleToWidth), '-scale-to-y', '-1'] : ['-r', String(options.dpi ?? 100)];
  if (options.first !== undefined) args.push('-f', String(options.first));
  if (options.last !== undefined) args.push('-l', String(options.last));
  const child = spawn('pdftoppm', [...args, pdfFile], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  const exited = new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve(code));
  });
  exited.catch(() => undefined); // observed below; keeps an early spawn error from being "unhandled"

  const reader = new PpmReader();
  let page = options.first ?? 1;
  try {
    for await (const chunk of child.stdout) {
      reader.push(chunk as Buffer);
      for (let image = reader.next(); image; image = reader.next()) yield { page: page++, ...image };
    }
    const code = await exited.catch((error: unknown) => {
      throw popplerError('pdftoppm', pdfFile, error, stderr);
    });
    if (code !== 0) throw popplerError('pdftoppm', pdfFile, new Error(`pdftoppm exited with ${code}`), stderr);
    if (reader.pending > 0) throw popplerError('pdftoppm', pdfFile, new Error('truncated image'), stderr);
  } finally {
    // The caller may stop early (break, error): don't leave pdftoppm rendering into a full pipe.
    if (child.exitCode === null && child.signalCode === null) child.kill();
  }
}

/** Splits a stream of concatenated binary PPM (P6) images. Chunks are joined only once a whole image is in. */
export class PpmReader {
  private chunks: Buffer[] = [];
  private length = 0;
  private header: { width: number; height: number; size: number } | undefined;

  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.length += chunk.length;
  }

  get pending(): number {
    return this.length;
  }

  next(): RgbImage | undefined {
    if (!this.header) {
      const head = this.peek(64);
      const match = /^P6\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(head.toString('latin1'));
      if (!match) {
        if (head.length >= 64 || (head.length > 0 && !'P6'.startsWith(head.toString('latin1', 0, 2)))) throw new Error('pdftoppm wrote something that is not a binary PPM');
        return undefined;
      }
      if (match[3] !== '255') throw new Error(`unexpected PPM depth ${match[3]}`);
      const width = Number(match[1]);
      const height = Number(match[2]);
      this.take(match[0].length);
      this.header = { width, height, size: width * height * 3 };
    }
    if (this.length < this.header.size) return undefined;
    const { width, height, size } = this.header;
    this.header = undefined;
    return { width, height, data: this.take(size) };
  }

  private peek(bytes: number): Buffer {
    if (this.chunks[0] && this.chunks[0].length >= bytes) return this.chunks[0].subarray(0, bytes);
    const joined = Buffer.concat(this.chunks);
    this.chunks = joined.length ? [joined] : [];
    return joined.subarray(0, bytes);
  }

  /** Removes and returns the first `bytes` bytes (a copy, so the pipe's chunks can be freed). */
  private take(bytes: number): Buffer {
    const joined = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks);
    const out = Buffer.from(joined.subarray(0, bytes));
    const rest = joined.subarray(bytes);
    this.chunks = rest.length ? [rest] : [];
    this.length = rest.length;
    return out;
  }
}

import yauzl from 'yauzl';
import { zipSync } from 'fflate';
import { badInput } from './messages.js';

/**
 * Limits of a .docx or .xlsx as a zip archive, checked on the central directory before anything is
 * inflated, and again while inflating (yauzl refuses an entry that inflates beyond the size it
 * declares). A yearbook unit's Word file with photos is a few MB to a few tens of MB.
 */
export const ZIP_LIMITS = {
  entries: 5_000,
  totalBytes: 256 * 1024 * 1024,
  /** An entry larger than this must not claim more than `ratio` times its compressed size. */
  ratioFrom: 8 * 1024 * 1024,
  ratio: 200,
};

export type ZipEntries = Map<string, Buffer>;

function openZip(bytes: Buffer): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(bytes, { lazyEntries: true, validateEntrySizes: true, strictFileNames: false }, (error, zip) => (error ? reject(error) : resolve(zip)));
  });
}

function readEntry(zip: yauzl.ZipFile, entry: yauzl.Entry, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (error, stream) => {
      if (error) return reject(error);
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > limit) stream.destroy(new Error(`entry ${entry.fileName} larger than declared`));
        else chunks.push(chunk);
      });
      stream.on('error', reject);
      stream.on('end', () => resolve(Buffer.concat(chunks)));
    });
  });
}

const megabytes = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

/**
 * Every entry of a zip archive, inflated under ZIP_LIMITS. A corrupt, truncated or encrypted archive
 * and a zip bomb become one-line errors naming the file.
 */
export async function readZip(bytes: Buffer, file: string): Promise<ZipEntries> {
  let zip: yauzl.ZipFile;
  try {
    zip = await openZip(bytes);
  } catch (error) {
    throw badInput.corruptZip(file, (error as Error).message);
  }
  if (zip.entryCount > ZIP_LIMITS.entries) {
    zip.close();
    throw badInput.zipBomb(file, `${zip.entryCount} parts`);
  }
  const entries: ZipEntries = new Map();
  let total = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      zip.on('error', reject);
      zip.on('end', () => resolve());
      zip.on('entry', (entry: yauzl.Entry) => {
        void (async () => {
          if (entry.fileName.endsWith('/')) return zip.readEntry();
          if (entry.isEncrypted()) throw badInput.encryptedZip(file);
          total += entry.uncompressedSize;
          if (total > ZIP_LIMITS.totalBytes) throw badInput.zipBomb(file, `more than ${megabytes(ZIP_LIMITS.totalBytes)}`);
          if (entry.uncompressedSize > ZIP_LIMITS.ratioFrom && entry.uncompressedSize > ZIP_LIMITS.ratio * Math.max(1, entry.compressedSize)) {
            throw badInput.zipBomb(file, `${megabytes(entry.uncompressedSize)} from ${entry.compressedSize} bytes in ${entry.fileName}`);
          }
          entries.set(entry.fileName, await readEntry(zip, entry, entry.uncompressedSize));
          zip.readEntry();
        })().catch(reject);
      });
      zip.readEntry();
    });
  } catch (error) {
    zip.close();
    if (error instanceof Error && error.name === 'PaibanError') throw error;
    const message = (error as Error).message;
    throw /too many bytes|larger than declared/i.test(message) ? badInput.zipBomb(file, 'more than its parts declare') : badInput.corruptZip(file, message);
  }
  return entries;
}

/**
 * The entries as a new zip archive, stored without compression: the libraries that want a zip
 * (mammoth, exceljs) get one whose every size has been checked, so their own inflating is bounded.
 */
export function storedZip(entries: ZipEntries): Buffer {
  const files: Record<string, [Uint8Array, { level: 0 }]> = {};
  for (const [name, data] of entries) files[name] = [data, { level: 0 }];
  return Buffer.from(zipSync(files));
}

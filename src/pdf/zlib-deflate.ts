/**
 * pdf-lib compresses every stream it writes (object streams, the cross-reference stream, content
 * streams it makes) with pako, zlib ported to JavaScript, one fresh 256 KB state per stream. On a
 * 1,265-page book that was a third of the print-shop outputs' CPU time and most of their garbage
 * collection. pdf-lib has no option for another compressor, so its one entry point, `pako.deflate`,
 * is pointed at Node's own zlib (same format, same default level) when this module loads.
 *
 * Hand-written because no library does it. The output is a valid zlib stream either way; its exact
 * bytes depend on the zlib Node was built with, so a given Node on a given machine still writes
 * byte-identical files (the archive's /ID and the reproducibility test rely on that), as it already
 * did for the streams the press step compresses with node:zlib.
 */
import { createRequire } from 'node:module';
import { deflateSync } from 'node:zlib';

interface Pako {
  deflate: (data: Uint8Array, options?: unknown) => Uint8Array;
  paibanZlib?: true;
}

/** pako as pdf-lib loads it (resolved from pdf-lib's folder, so it is the very same module object). */
function pdfLibsPako(): Pako {
  const require = createRequire(import.meta.url);
  return createRequire(require.resolve('pdf-lib'))('pako') as Pako;
}

export function useNodeZlibInPdfLib(): void {
  const pako = pdfLibsPako();
  if (pako.paibanZlib) return;
  const original = pako.deflate;
  pako.deflate = (data, options) => {
    // pdf-lib always calls it without options; anything else keeps pako's own behaviour.
    if (options !== undefined) return original(data, options);
    const out = deflateSync(data);
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  };
  pako.paibanZlib = true;
}

useNodeZlibInPdfLib();

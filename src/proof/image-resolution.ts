import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SourceImage } from '../pipeline/image-pixels.js';

/** A picture as the PDF prints it: its page, pixels, resolution and printed size (mm, width × height). */
export interface PrintedImage {
  page: number;
  width: number;
  height: number;
  dpi: number;
  printedMm: [number, number];
}

/**
 * The manuscript picture each printed picture is, or undefined: the book's pictures in order, each
 * printed picture taken by the next one with its pixels (either way round: a JPEG turned by its EXIF
 * orientation may be stored unturned), or else by the very next one when it is a crop of it. Pictures
 * the manuscripts do not name (none, so far) match nothing and move nothing.
 */
export function matchImages(printed: readonly PrintedImage[], sources: readonly SourceImage[]): (SourceImage | undefined)[] {
  let next = 0;
  return printed.map((image) => {
    const same = (source: SourceImage) => (source.width === image.width && source.height === image.height) || (source.width === image.height && source.height === image.width);
    // Chromium embeds only the part of a cropped picture (object-fit: cover, a bleed plate) that its box shows.
    const cropOf = (source: SourceImage) => (source.width === image.width && source.height > image.height) || (source.height === image.height && source.width > image.width);
    for (let k = next; k < sources.length; k += 1) {
      if (!same(sources[k]!)) continue;
      next = k + 1;
      return sources[k];
    }
    if (next < sources.length && cropOf(sources[next]!)) return sources[next++];
    return undefined;
  });
}

/** The pixels a picture needs at `dpi` for its printed size. */
export function pixelsNeeded(printedMm: readonly [number, number], dpi: number): [number, number] {
  return [Math.ceil((printedMm[0] / 25.4) * dpi), Math.ceil((printedMm[1] / 25.4) * dpi)];
}

/** The warning for a picture printed below `minDpi`: which file (as the manuscript names it), its pixels, its resolution, what it would need. */
export function resolutionMessage(image: PrintedImage, source: SourceImage | undefined, minDpi: number): string {
  const [needW, needH] = pixelsNeeded(image.printedMm, minDpi);
  const size = `${Math.round(image.printedMm[0])}×${Math.round(image.printedMm[1])} mm`;
  // As the manuscript writes it: relative to the manuscript.
  const name = source?.src.startsWith('file:') ? path.relative(path.dirname(source.file), fileURLToPath(source.src)).split(path.sep).join('/') : undefined;
  const what = name ? `the picture ${name} (${image.width}×${image.height} pixels)` : `an image of ${image.width}×${image.height} pixels`;
  return `Page ${image.page}: ${what} prints at ${Math.round(image.dpi)} dpi over ${size} (print needs ${minDpi}: ${needW}×${needH} pixels at this size)`;
}

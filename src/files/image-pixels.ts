import { imageSize } from 'image-size';
import { readBookFileSync } from './read.js';

/** An image's size in pixels as it is shown: a JPEG's EXIF orientation 5–8 (turned a quarter) swaps width and height. */
export interface ImagePixels {
  width: number;
  height: number;
}

/** Enough of a file for its header: a JPEG's frame header comes after its EXIF block (at most 64 KB) and any others. */
const HEAD_BYTES = 512 * 1024;
/** The largest image read whole when its head did not tell the size (a JPEG with a huge embedded preview). */
const MAX_IMAGE_BYTES = 200 * 1024 * 1024;

/**
 * The pixel size of an image file of the book (PNG, JPEG, GIF, WebP, SVG…), read from its header with
 * `image-size` (MIT): the head first, the whole file only when the head did not reach the size.
 * Undefined when the format gives none (an SVG without width and height or viewBox).
 */
export function imagePixels(bookDir: string, file: string): ImagePixels | undefined {
  const read = (headBytes: number) => readBookFileSync(bookDir, file, { what: 'Image', headBytes });
  let size: { width?: number | undefined; height?: number | undefined; orientation?: number | undefined };
  try {
    size = imageSize(read(HEAD_BYTES));
  } catch {
    try {
      size = imageSize(read(MAX_IMAGE_BYTES));
    } catch {
      return undefined;
    }
  }
  const { width, height, orientation } = size;
  if (!width || !height) return undefined;
  return orientation !== undefined && orientation >= 5 ? { width: height, height: width } : { width, height };
}

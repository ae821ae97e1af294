import { readFile } from 'node:fs/promises';
import { PNG } from 'pngjs';
import { writeFileSafely } from '../files/write.js';
import type { RgbImage } from './raster.js';

/**
 * PNG bytes of an RGB image. No row filter: on book pages (mostly white, hard black text) it is both
 * faster (pngjs's adaptive filter runs in JavaScript, ~8× slower) and about 10% smaller.
 */
export function encodePng(image: RgbImage): Buffer {
  const png = new PNG({ width: image.width, height: image.height });
  png.data = image.data;
  return PNG.sync.write(png, { colorType: 2, inputColorType: 2, inputHasAlpha: false, filterType: 0, deflateLevel: 6 });
}

/** Writes a PNG into a folder below `root` (files/write.ts: checked folders, a temporary file renamed into place). */
export async function writePng(root: string, file: string, image: RgbImage): Promise<void> {
  await writeFileSafely(root, file, encodePng(image));
}

/** Reads any PNG pngjs understands into RGB (alpha composited over white, as paper would show it). */
export async function readPng(file: string): Promise<RgbImage> {
  const png = PNG.sync.read(await readFile(file));
  return rgbaToRgb(png.width, png.height, png.data);
}

/** Width and height from the IHDR chunk, without decoding the image. */
export function pngSize(bytes: Uint8Array): { width: number; height: number } {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.toString('latin1', 12, 16) !== 'IHDR') throw new Error('not a PNG');
  return { width: view.readUInt32BE(16), height: view.readUInt32BE(20) };
}

export function rgbToRgba(image: RgbImage): Uint8Array {
  const { data } = image;
  const out = new Uint8Array(image.width * image.height * 4);
  for (let i = 0, o = 0; i < data.length; i += 3, o += 4) {
    out[o] = data[i]!;
    out[o + 1] = data[i + 1]!;
    out[o + 2] = data[i + 2]!;
    out[o + 3] = 255;
  }
  return out;
}

export function rgbaToRgb(width: number, height: number, rgba: Uint8Array): RgbImage {
  const data = Buffer.alloc(width * height * 3);
  for (let i = 0, o = 0; i < rgba.length; i += 4, o += 3) {
    const alpha = rgba[i + 3]! / 255;
    data[o] = Math.round(rgba[i]! * alpha + 255 * (1 - alpha));
    data[o + 1] = Math.round(rgba[i + 1]! * alpha + 255 * (1 - alpha));
    data[o + 2] = Math.round(rgba[i + 2]! * alpha + 255 * (1 - alpha));
  }
  return { width, height, data };
}

/** A blank image of one colour. */
export function canvas(width: number, height: number, rgb: readonly [number, number, number] = [255, 255, 255]): RgbImage {
  const data = Buffer.alloc(width * height * 3);
  for (let o = 0; o < data.length; o += 3) {
    data[o] = rgb[0];
    data[o + 1] = rgb[1];
    data[o + 2] = rgb[2];
  }
  return { width, height, data };
}

/** Copies `src` onto `dst` with its top-left corner at (x, y), clipped to `dst`. */
export function blit(dst: RgbImage, src: RgbImage, x: number, y: number): void {
  const left = Math.max(0, -x);
  const right = Math.min(src.width, dst.width - x);
  if (right <= left) return;
  for (let row = Math.max(0, -y); row < src.height && row + y < dst.height; row += 1) {
    const from = (row * src.width + left) * 3;
    src.data.copy(dst.data, ((row + y) * dst.width + x + left) * 3, from, from + (right - left) * 3);
  }
}

/**
 * Shrinks by area averaging (each target pixel is the mean of the source pixels it covers): the only
 * scaling that keeps thin Han strokes as grey rather than dropping them, as nearest-neighbour would.
 */
export function shrink(src: RgbImage, width: number, height: number): RgbImage {
  if (width === src.width && height === src.height) return src;
  const out = Buffer.alloc(width * height * 3);
  const sx = src.width / width;
  const sy = src.height / height;
  for (let y = 0; y < height; y += 1) {
    const y0 = Math.floor(y * sy);
    const y1 = Math.max(y0 + 1, Math.min(src.height, Math.floor((y + 1) * sy)));
    for (let x = 0; x < width; x += 1) {
      const x0 = Math.floor(x * sx);
      const x1 = Math.max(x0 + 1, Math.min(src.width, Math.floor((x + 1) * sx)));
      let r = 0;
      let g = 0;
      let b = 0;
      for (let yy = y0; yy < y1; yy += 1) {
        let i = (yy * src.width + x0) * 3;
        for (let xx = x0; xx < x1; xx += 1, i += 3) {
          r += src.data[i]!;
          g += src.data[i + 1]!;
          b += src.data[i + 2]!;
        }
      }
      const n = (y1 - y0) * (x1 - x0);
      const o = (y * width + x) * 3;
      out[o] = Math.round(r / n);
      out[o + 1] = Math.round(g / n);
      out[o + 2] = Math.round(b / n);
    }
  }
  return { width, height, data: out };
}

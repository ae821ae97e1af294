import type { RgbImage } from './raster.js';

/**
 * A 3×5 pixel font for page numbers under the thumbnails: drawing ten digits ourselves is smaller than
 * any text-rendering dependency, and pngjs draws no text.
 */
const GLYPHS: Record<string, string> = {
  '0': '111101101101111',
  '1': '010110010010111',
  '2': '111001111100111',
  '3': '111001111001111',
  '4': '101101111001001',
  '5': '111100111001111',
  '6': '111100111101111',
  '7': '111001001001001',
  '8': '111101111101111',
  '9': '111101111001111',
};

export const GLYPH_WIDTH = 3;
export const GLYPH_HEIGHT = 5;

/** Width in pixels of `text` drawn at `scale` (one empty glyph column between digits). */
export function digitsWidth(text: string, scale: number): number {
  return text.length ? (text.length * (GLYPH_WIDTH + 1) - 1) * scale : 0;
}

/** Draws the digits of `text` with the top-left corner at (x, y); other characters are skipped as blanks. */
export function drawDigits(image: RgbImage, text: string, x: number, y: number, scale: number, rgb: readonly [number, number, number]): void {
  [...text].forEach((char, index) => {
    const glyph = GLYPHS[char];
    if (!glyph) return;
    const left = x + index * (GLYPH_WIDTH + 1) * scale;
    for (let bit = 0; bit < glyph.length; bit += 1) {
      if (glyph[bit] !== '1') continue;
      const gx = left + (bit % GLYPH_WIDTH) * scale;
      const gy = y + Math.floor(bit / GLYPH_WIDTH) * scale;
      fillRect(image, gx, gy, scale, scale, rgb);
    }
  });
}

export function fillRect(image: RgbImage, x: number, y: number, width: number, height: number, rgb: readonly [number, number, number]): void {
  for (let row = Math.max(0, y); row < Math.min(image.height, y + height); row += 1) {
    for (let col = Math.max(0, x); col < Math.min(image.width, x + width); col += 1) {
      const o = (row * image.width + col) * 3;
      image.data[o] = rgb[0];
      image.data[o + 1] = rgb[1];
      image.data[o + 2] = rgb[2];
    }
  }
}

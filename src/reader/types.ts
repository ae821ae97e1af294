/** One printed character: where it stands (centre, in points from the top-left), its size and its font. */
export interface PageChar {
  char: string;
  x: number;
  y: number;
  size: number;
  /** The font's PostScript name without the subset tag ("NotoSerifSC-Regular"). */
  font: string;
  /** The quad's top-left corner and width: the glyph's origin and its nominal advance (the font's, before any positioning). */
  left: number;
  top: number;
  width: number;
  /** The font size in points (`size` above is the quad's height: ascent plus descent). */
  fontSize: number;
}

/** An 8-bit RGB image, rows top to bottom, 3 bytes per pixel, no padding. */
export interface RgbImage {
  width: number;
  height: number;
  data: Buffer;
}

/**
 * An image drawn on a page: its pixels, its printed size in points and resolution (the lower of the two
 * axes), and the matrix that maps the unit square onto the page (PDF's [a b c d e f], forms included).
 */
export interface DrawnImage {
  width: number;
  height: number;
  dpi: number;
  printedWidth: number;
  printedHeight: number;
  matrix: [number, number, number, number, number, number];
}

/** Numbers kept per character, in this order: x, y, size, left, top, width, fontSize. */
export const FIELDS = 7;

/**
 * The numbers of a character from its quad as MuPDF writes it (x0 y0 = top-left, x1 y1 = top-right,
 * x2 y2 = bottom-left, x3 y3 = bottom-right, "top" being the ascender side, in points from the page's
 * top-left corner), read the way paiban has always read mutool's quads, appended to `numbers` in FIELDS
 * order. Both readers go through here, so they can differ only in the quads themselves.
 */
export function pushQuad(numbers: number[], fontSize: number, x0: number, y0: number, x1: number, x3: number, y3: number): void {
  numbers.push((x0 + x3) / 2, (y0 + y3) / 2, Math.abs(y3 - y0), Math.min(x0, x3), Math.min(y0, y3), Math.abs(x1 - x0), fontSize);
}

/** A page's characters over one Float64Array of their numbers (FIELDS per character). */
export function storedChars(texts: readonly string[], fonts: readonly string[], numbers: readonly number[]): PageChar[] {
  const store = Float64Array.from(numbers);
  return texts.map((char, i) => new StoredChar(store, i * FIELDS, char, fonts[i]!));
}

/**
 * A character whose numbers live in its page's Float64Array: a 1,000-page book holds about 600,000
 * characters, and an object with seven number fields takes over twice the memory (each number boxed).
 */
class StoredChar implements PageChar {
  constructor(
    private readonly numbers: Float64Array,
    private readonly at: number,
    readonly char: string,
    readonly font: string,
  ) {}
  get x(): number {
    return this.numbers[this.at]!;
  }
  get y(): number {
    return this.numbers[this.at + 1]!;
  }
  get size(): number {
    return this.numbers[this.at + 2]!;
  }
  get left(): number {
    return this.numbers[this.at + 3]!;
  }
  get top(): number {
    return this.numbers[this.at + 4]!;
  }
  get width(): number {
    return this.numbers[this.at + 5]!;
  }
  get fontSize(): number {
    return this.numbers[this.at + 6]!;
  }
}

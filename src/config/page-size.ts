/** Trim sizes in millimetres, width × height, portrait. Names are what Chinese printers call them. */
export const NAMED_PAGE_SIZES = {
  A4: [210, 297],
  A5: [148, 210],
  B5: [176, 250],
  '16开': [185, 260],
  '大16开': [210, 285],
  '32开': [130, 184],
  '大32开': [140, 203],
} as const satisfies Record<string, readonly [number, number]>;

export type PageSizeName = keyof typeof NAMED_PAGE_SIZES;

export interface PageSize {
  /** The name as written in book.yaml, or `W×H mm` for a custom size. */
  name: string;
  widthMm: number;
  heightMm: number;
}

const CUSTOM_SIZE = /^\s*(\d+(?:\.\d+)?)\s*[x×*]\s*(\d+(?:\.\d+)?)\s*(?:mm)?\s*$/i;

export const PAGE_SIZE_HELP = `${Object.keys(NAMED_PAGE_SIZES).join(', ')}, or width×height in mm such as 150×220`;

/** Parses `A5`, `a5`, `16开`, `150x220`, `150×220mm`; undefined when the text is none of these. */
export function parsePageSize(text: string): PageSize | undefined {
  const trimmed = text.trim();
  const named = Object.entries(NAMED_PAGE_SIZES).find(([name]) => name.toLowerCase() === trimmed.toLowerCase());
  if (named) return { name: named[0], widthMm: named[1][0], heightMm: named[1][1] };
  const custom = CUSTOM_SIZE.exec(trimmed);
  if (!custom) return undefined;
  const widthMm = Number(custom[1]);
  const heightMm = Number(custom[2]);
  // Below 50 mm nothing readable fits; above 1 m it is a poster, not a book.
  if (widthMm < 50 || heightMm < 50 || widthMm > 1000 || heightMm > 1000) return undefined;
  return { name: `${widthMm}×${heightMm}mm`, widthMm, heightMm };
}

export const MM_PER_INCH = 25.4;
export const POINTS_PER_INCH = 72;

export function mmToPoints(mm: number): number {
  return (mm / MM_PER_INCH) * POINTS_PER_INCH;
}

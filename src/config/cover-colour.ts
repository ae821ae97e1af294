/** The cover colour of book.yaml: `#rrggbb` (converted with the press profile) or `cmyk(c m y k)` in percent (used as given). */
type Cmyk = readonly [number, number, number, number];

export type CoverColour = { kind: 'rgb'; hex: string } | { kind: 'cmyk'; cmyk: Cmyk };

const CMYK = /^\s*cmyk\(\s*([\d.]+)%?\s*[,\s]\s*([\d.]+)%?\s*[,\s]\s*([\d.]+)%?\s*[,\s]\s*([\d.]+)%?\s*\)\s*$/i;
export const COVER_COLOUR_HELP = 'a colour written #rrggbb or cmyk(c m y k) in percent, such as cmyk(0 90 80 45)';

export function parseCoverColour(text: string): CoverColour | undefined {
  if (/^#[0-9a-f]{6}$/i.test(text.trim())) return { kind: 'rgb', hex: text.trim().toLowerCase() };
  const match = CMYK.exec(text);
  if (!match) return undefined;
  const values = match.slice(1, 5).map(Number);
  if (values.some((v) => !Number.isFinite(v) || v > 100)) return undefined;
  return { kind: 'cmyk', cmyk: values.map((v) => v / 100) as unknown as Cmyk };
}

/** cmyk(0 90 80 45): how the build reports the values it used. */
export function formatCmyk(cmyk: Cmyk): string {
  return `cmyk(${cmyk.map((v) => String(Math.round(v * 1000) / 10)).join(' ')})`;
}

export function hexToRgb(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

export function rgbToHex([r, g, b]: readonly number[]): string {
  return `#${[r, g, b].map((v) => Math.round(v!).toString(16).padStart(2, '0')).join('')}`;
}

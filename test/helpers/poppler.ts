import { execFileSync } from 'node:child_process';

/** One row of `pdffonts`. */
export interface FontRow {
  name: string;
  type: string;
  embedded: boolean;
  subset: boolean;
  unicode: boolean;
}

/** Fonts of a PDF as poppler's pdffonts reports them (the tool print shops' preflight agrees with). */
export function pdfFonts(file: string): FontRow[] {
  const lines = execFileSync('pdffonts', [file], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean);
  return lines.map((line) => {
    // Columns: name, type (may contain spaces), encoding, emb, sub, uni, object, ID
    const match = /^(\S+)\s+(.+?)\s{2,}(\S+)\s+(yes|no)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$/.exec(line);
    if (!match) throw new Error(`unexpected pdffonts line: ${line}`);
    return { name: match[1]!, type: match[2]!.trim(), embedded: match[4] === 'yes', subset: match[5] === 'yes', unicode: match[6] === 'yes' };
  });
}

/** Text of one page (1-based), optionally only a band of it (in points from the top). */
export function pageText(file: string, page: number, band?: { top: number; height: number; width: number }, layout = false, raw = false): string {
  const args = ['-f', String(page), '-l', String(page), '-enc', 'UTF-8'];
  if (layout) args.push('-layout');
  // -raw keeps the content stream's order: the only order in which vertical text comes out right.
  if (raw) args.push('-raw');
  if (band) args.push('-r', '72', '-x', '0', '-y', String(Math.round(band.top)), '-W', String(Math.ceil(band.width)), '-H', String(Math.round(band.height)));
  return execFileSync('pdftotext', [...args, file, '-'], { encoding: 'utf8' });
}

/** Removes all white space: pdftotext adds spaces where text-autospace leaves a gap and breaks lines anywhere. */
export function squash(text: string): string {
  return text.replace(/\s+/g, '');
}

import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decimal, mutoolChars, StextReader, type PageChar } from '../src/proof/page-chars.js';
import { hasMutool } from './helpers/readers.js';

/**
 * The reading of `mutool draw -F stext` the hand-written scan replaced (regular expressions over each
 * page's XML): the scan must give the very same characters, numbers and fonts.
 */
function referenceChars(xml: string): PageChar[][] {
  const decode = (entity: string) =>
    entity.replace(/&#x([0-9a-f]+);/gi, (_m, hex: string) => String.fromCodePoint(Number.parseInt(hex, 16))).replace(/&(lt|gt|amp|quot|apos);/g, (_m, name: string) => ({ lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" })[name]!);
  return [...xml.matchAll(/<page [\s\S]*?<\/page>/g)].map(([page]) => {
    const chars: PageChar[] = [];
    for (const block of page.split('<font ').slice(1)) {
      const font = /^name="([^"]*)"/.exec(block)?.[1] ?? '';
      const fontSize = Number(/^name="[^"]*" size="([\d.]+)"/.exec(block)?.[1] ?? 0);
      for (const match of block.matchAll(/<char quad="([^"]+)"[^>]*?c="([^"]*)"/g)) {
        const [x0, y0, x1, , , , x3, y3] = match[1]!.split(' ').map(Number) as number[];
        chars.push({ char: decode(match[2]!), x: (x0! + x3!) / 2, y: (y0! + y3!) / 2, size: Math.abs(y3! - y0!), font, left: Math.min(x0!, x3!), top: Math.min(y0!, y3!), width: Math.abs(x1! - x0!), fontSize });
      }
    }
    return chars;
  });
}

const plain = (pages: PageChar[][]) =>
  pages.map((chars) => chars.map((c) => ({ char: c.char, x: c.x, y: c.y, size: c.size, font: c.font, left: c.left, top: c.top, width: c.width, fontSize: c.fontSize })));

describe('decimal: numbers read in place', () => {
  it('gives the same double as Number() for what mutool writes and for what it does not', () => {
    const samples = ['0', '-0', '37.8', '44.53125', '594.95999', '-12.5', '121.211139', '0.000001', '123456789012345', '1234567890123456', '99999999999999.9', '1e-05', '+3', '.5', '5.', '.', '', '-', '1.2.3', 'NaN'];
    // Random decimals of up to 17 digits, the rounding cases included.
    let seed = 7;
    const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    for (let i = 0; i < 2000; i += 1) samples.push((random() * 10 ** Math.floor(random() * 6)).toFixed(Math.floor(random() * 12)));
    for (const text of samples) expect(Object.is(decimal(`x${text}y`, 1, text.length + 1), Number(text)), text).toBe(true);
  });
});

describe('StextReader: the hand-written scan of mutool stext', () => {
  it('reads fonts, sizes, quads and entities as the regular expressions did', () => {
    const xml = [
      '<page id="page1" width="420" height="595">',
      '<char quad="1 2 3 2 1 9 3 9" x="1" y="8" color="#000000" c="x"/>', // before any font: not read
      '<block bbox="0 0 1 1"><line bbox="0 0 1 1" wmode="0" dir="1 0">',
      '<font name="NotoSerifSC-Regular" size="10.5">',
      '<char quad="44.53125 37.8 52.03125 37.8 44.53125 48.66 52.03125 48.66" x="44.53125" y="46.5" color="#333333" c="&#x6809;"/>',
      '<char quad="-1.5 2 3 2 -1.5 9 3 9" x="1" y="8" color="#000000" c="&lt;"/>',
      '</font>',
      '<font name="Odd-Size" size="1e-05">',
      '<char quad="10 20 30 20 10 40 30 40" x="10" y="38" color="#000000" c="&amp;"/>',
      '<char quad="10 20 30 20 10 40 30 40" x="10" y="38" color="#000000" c="&quot;"/>',
      '</font>',
      '<font name="NotoSansSC-Bold" size="7">',
      '<char quad="5 6 7 6 5 8 7 8" x="5" y="8" color="#000000" c=" "/>',
      '<char quad="5 6 7 6 5 8 7 8" x="5" y="8" color="#000000" c="&#x20bb7;"/>',
      '</font></line></block>',
      '</page>',
    ].join('\n');
    const read = new StextReader().charsOfPage(xml);
    expect(plain([read])).toEqual(plain(referenceChars(xml)));
    expect(read.map((c) => c.char).join('')).toBe('栉<&" 𠮷');
    expect(read.map((c) => c.fontSize)).toEqual([10.5, 10.5, 0, 0, 7, 7]);
  });

  // mutool's reading, streamed: where mutool is installed (elsewhere pageChars reads with PDFium).
  describe.skipIf(!hasMutool)('mutoolChars on a PDF of many pages (its stext arrives in many chunks)', () => {
    let dir: string;
    let file: string;
    beforeAll(async () => {
      dir = await mkdtemp(path.join(tmpdir(), 'paiban-lint-speed-'));
      file = path.join(dir, 'many.pdf');
      const pdf = await PDFDocument.create();
      const fonts = [await pdf.embedFont(StandardFonts.Helvetica), await pdf.embedFont(StandardFonts.TimesRoman)];
      for (let p = 0; p < 30; p += 1) {
        const page = pdf.addPage([420, 595]);
        for (let line = 0; line < 40; line += 1) {
          page.drawText(`Page ${p + 1} line ${line + 1}: <a & "b"> 0.125`, { x: 30 + (line % 3) * 0.37, y: 560 - line * 13.3, size: 9 + (line % 4) * 0.5, font: fonts[line % 2]! });
        }
      }
      await writeFile(file, await pdf.save());
    });
    afterAll(() => rm(dir, { recursive: true, force: true }));

    it('gives every page and every character the reference reading of the whole XML gives', async () => {
      const xml = execFileSync('mutool', ['draw', '-q', '-F', 'stext', '-o', '-', file], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
      expect(xml.length).toBeGreaterThan(4 * 65536);
      const reference = referenceChars(xml);
      const pages = await mutoolChars(file);
      expect(pages).toHaveLength(30);
      expect(pages[29]!.map((c) => c.char).join('')).toContain('Page 30 line 40: <a & "b"> 0.125');
      expect(plain(pages)).toEqual(plain(reference));
    });
  });
});

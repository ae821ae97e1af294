import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
/**
 * Press-ready files without a browser: content-stream colour rewriting, the 开本/印张/字数 of the 版权页,
 * ISBN and cover-colour validation, the Ghostscript ICC conversion, PDF/X-4 conversion and
 * `verify --pdfx` on a good and a broken file.
 */
import { decodePDFRawStream, PDFDocument, PDFName, PDFRawStream, rgb } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config/load.js';
import { parseCoverColour } from '../src/config/cover-colour.js';
import { isbnProblem } from '../src/config/isbn.js';
import { addPrintMarks } from '../src/impose/marks.js';
import { greyAsK, hexOf, isNeutral, rewriteColours, type Rgb } from '../src/press/content-colour.js';
import { DEFAULT_CMYK_PROFILE, iccDescription, readCmykProfile, rgbToCmyk, cmykToRgb } from '../src/press/icc.js';
import { toPdfX4 } from '../src/press/pdfx.js';
import { verifyPdfX } from '../src/press/verify-pdfx.js';
import { charsAndLines, colophonNotes, colophonRows } from '../src/render/colophon.js';
import { loadShell, renderBookHtml } from '../src/render/book.js';
import { formatKaiben, formatYinzhang, qianzi, yinzhang } from '../src/render/kaiben.js';
import { PaibanError } from '../src/util/errors.js';

const metadata = { title: '样书', keywords: [], language: 'zh-Hans', creator: 'paiban test', producer: 'paiban test', date: new Date('2024-12-31T00:00:00Z') };

describe('content-stream colours', () => {
  const toCmyk = (value: Rgb) => (isNeutral(value) ? greyAsK(value) : ([0.5, 0.5, 0.5, 0.5] as const));

  it('turns RGB greys into tints of black ink only, fill and stroke', () => {
    const { text, rewritten } = rewriteColours('q 0 0 0 RG 0 0 0 rg\nBT /F1 10 Tf <0012> Tj ET .2 .2 .2 rg 1 1 1 rg .4 .4 .4 RG Q', toCmyk);
    expect(text).toBe('q 0 0 0 1 K 0 0 0 1 k\nBT /F1 10 Tf <0012> Tj ET 0 0 0 .8 k 0 0 0 0 k 0 0 0 .6 K Q');
    expect(rewritten).toBe(5);
  });

  it('converts other colours with the converter, and never touches strings, arrays or inline images', () => {
    const source = '(1 0 0 rg) Tj [(0 0 0 rg) 120 <00 11>] TJ BI /W 1 /H 1 /CS /RGB /BPC 8 ID 1 0 0 rg\nEI .4784 .1216 .1216 rg 0 0 10 10 re f';
    expect(rewriteColours(source, toCmyk).text).toBe('(1 0 0 rg) Tj [(0 0 0 rg) 120 <00 11>] TJ BI /W 1 /H 1 /CS /RGB /BPC 8 ID 1 0 0 rg\nEI .5 .5 .5 .5 k 0 0 10 10 re f');
  });

  it('rewrites sc/scn after an RGB colour space, following q/Q, and leaves other spaces alone', () => {
    const source = '/CS0 cs .2 .2 .2 scn q /Pattern cs /P1 scn Q .1 .1 .1 sc /CS1 CS .5 SCN';
    expect(rewriteColours(source, toCmyk, { rgb: new Set(['CS0']) }).text).toBe('/DeviceCMYK cs 0 0 0 .8 scn q /Pattern cs /P1 scn Q 0 0 0 .9 sc /CS1 CS .5 SCN');
  });

  it('knows a grey and the hex CSS wrote', () => {
    expect(isNeutral([0.1333, 0.1333, 0.1333])).toBe(true);
    expect(isNeutral([0.4784, 0.1216, 0.1216])).toBe(false);
    expect(hexOf([0.4784, 0.1216, 0.1216])).toBe('#7a1f1f');
  });
});

describe('开本, 印张 and 字数', () => {
  it('gives 全张幅面 + 开数 for the standard trim sizes and the trim for any other', () => {
    expect(formatKaiben({ widthMm: 185, heightMm: 260 })).toBe('787 mm × 1092 mm　1/16');
    expect(formatKaiben({ widthMm: 210, heightMm: 285 })).toBe('880 mm × 1230 mm　1/16');
    expect(formatKaiben({ widthMm: 130, heightMm: 184 })).toBe('787 mm × 1092 mm　1/32');
    expect(formatKaiben({ widthMm: 140, heightMm: 203 })).toBe('850 mm × 1168 mm　1/32');
    expect(formatKaiben({ widthMm: 148, heightMm: 210 })).toBe('890 mm × 1240 mm　1/32');
    expect(formatKaiben({ widthMm: 176, heightMm: 250 })).toBe('1000 mm × 1400 mm　1/32');
    expect(formatKaiben({ widthMm: 210, heightMm: 297 })).toBe('890 mm × 1240 mm　1/16');
    expect(formatKaiben({ widthMm: 150, heightMm: 220 })).toBe('150 mm × 220 mm');
  });

  it('counts 印张 as pages ÷ 开数, a started eighth counting whole', () => {
    expect(yinzhang(20, 32)).toBe(0.625);
    expect(yinzhang(22, 32)).toBe(0.75);
    expect(yinzhang(320, 32)).toBe(10);
    expect(yinzhang(100, 16)).toBe(6.25);
    expect(yinzhang(101, 16)).toBe(6.375);
    expect(formatYinzhang(6.375)).toBe('6.375');
    expect(formatYinzhang(10)).toBe('10');
  });

  it('counts 字数 by the type area, a started thousand counting whole', () => {
    expect(qianzi(30, 25, 20)).toBe(15);
    expect(qianzi(28, 24, 1)).toBe(1);
    expect(qianzi(40, 30, 100)).toBe(120);
    expect(qianzi(40, 30, 100) < qianzi(40, 30, 101)).toBe(true);
    expect(qianzi(27, 37, 101)).toBe(101);
  });

  it('derives characters per line and lines per page from the type area, or takes the grid', () => {
    // A5, margins 20/22 and 20/16 mm, 10.5 pt at 1.75 on a whole-pixel pitch (25 px = 18.75 pt):
    // 317.5 pt / 10.5 pt = 30 characters; 476.2 pt / 18.75 pt = 25 lines.
    expect(charsAndLines(parseConfig('title: 书\n', 'book.yaml'))).toEqual({ chars: 30, lines: 25 });
    // Vertical: characters down the column (476.2 pt / 10.5 = 45), columns across (317.5 / 18.75 = 16),
    // the 16 columns the pages are set on (not 17, as a pitch of 10.5 × 1.75 = 18.375 pt would give).
    expect(charsAndLines(parseConfig('title: 书\nwriting: vertical\n', 'book.yaml'))).toEqual({ chars: 45, lines: 16 });
    const withGrid = { ...parseConfig('title: 书\n', 'book.yaml'), grid: { chars: 28, lines: 24 } };
    expect(charsAndLines(withGrid)).toEqual({ chars: 28, lines: 24 });
  });
});

describe('版权页 fields', () => {
  const yaml = (colophon: string) => `title: 年鉴\neditor: 办公室\npublisher: 委员会\ncolophon:\n${colophon}`;

  it('prints an internal publication with its 准印证号 and 内部资料 免费交流, in the usual order', () => {
    const config = parseConfig(yaml('  printer: 文印室\n  copies: 300\n  permit: 宁内资准字（2024）第000号\n  impression: 2\n  impressionDate: 2025-03\n'), 'book.yaml');
    expect(colophonRows(config, { date: '2024-12-31', pages: 24 }).map(([label]) => label)).toEqual(['书名', '编者', '编印单位', '印刷', '开本', '印张', '字数', '版次', '印次', '印数', '准印证号']);
    const rows = new Map(colophonRows(config, { date: '2024-12-31', pages: 24 }));
    expect(rows.get('版次')).toBe('2024年12月第1版');
    expect(rows.get('印次')).toBe('2025年3月第2次印刷');
    expect(rows.get('印数')).toBe('300册');
    expect(colophonNotes(config)).toEqual(['内部资料　免费交流']);
  });

  it('prints an ISBN, and the same rows (every figure character, in both writing modes) before the page count is known', () => {
    const config = parseConfig(yaml('  isbn: 9787532112340\n  price: 48.00元\n'), 'book.yaml');
    const rows = colophonRows(config, { date: '2024-12-31' });
    expect(rows.map(([label]) => label)).toEqual(['书名', '编者', '出版', '开本', '印张', '字数', '版次', '印次', '书号', '定价']);
    expect(rows.slice(4, 6)).toEqual([['印张', '0.123456789'], ['字数', '0.123456789千字']]);
    const vertical = parseConfig(yaml('  isbn: 9787532112340\n') + 'writing: vertical\n', 'book.yaml');
    expect(colophonRows(vertical, { date: '2024-12-31' }).filter(([label]) => label === '印张' || label === '字数')).toEqual([['印张', '0.123456789'], ['字数', '0.123456789千字']]);
    // A custom trim size has no 开数, so no 印张.
    const custom = parseConfig('title: 书\npage:\n  size: 150×220\n', 'book.yaml');
    expect(colophonRows(custom, { date: '2024-12-31', pages: 24 }).map(([label]) => label)).toEqual(['书名', '开本', '字数', '版次', '印次']);
    expect(new Map(rows).get('书号')).toBe('ISBN 9787532112340');
    expect(colophonNotes(config)).toEqual([]);
  });

  it('goes on the back of the title page by default, and last with placement: end', async () => {
    const render = async (extra: string) => {
      const config = parseConfig(`title: 年鉴\n${extra}`, 'book.yaml');
      const shell = await loadShell('/nonexistent-book', config);
      const html = renderBookHtml(shell, { config, chapters: [], date: '2024-12-31', generator: 'paiban test' });
      return { colophon: html.indexOf('class="colophon"'), toc: html.indexOf('class="toc"'), title: html.indexOf('class="title-page"'), blank: html.indexOf('class="blank-page"'), html };
    };
    const verso = await render('');
    expect(verso.title).toBeGreaterThan(0);
    expect(verso.colophon).toBeGreaterThan(verso.title);
    expect(verso.colophon).toBeLessThan(verso.toc);
    expect(verso.blank).toBe(-1);
    const section = verso.html.slice(verso.colophon, verso.html.indexOf('</section>', verso.colophon));
    expect(section).toContain('开本');
    expect(section).not.toMatch(/<h\d|版权页<|paiban|Chromium/);
    const end = await render('colophon:\n  placement: end\n');
    expect(end.blank).toBeGreaterThan(end.title);
    expect(end.colophon).toBeGreaterThan(end.toc);
  });

  it('checks ISBN check digits', () => {
    expect(isbnProblem('978-7-5321-1234-0')).toBeUndefined();
    expect(isbnProblem('ISBN 0-306-40615-2')).toBeUndefined();
    expect(isbnProblem('978-7-5321-1234-8')).toBe('the check digit should be 0, not 8');
    expect(isbnProblem('12345')).toMatch(/13 digits/);
  });

  it('refuses a wrong ISBN, or an ISBN with a 准印证号, naming the line of book.yaml', () => {
    const error = (text: string) => {
      try {
        parseConfig(text, 'book.yaml');
      } catch (caught) {
        return caught as PaibanError;
      }
      throw new Error('no error');
    };
    const wrong = error(yaml('  isbn: 978-7-5321-1234-8\n'));
    expect(wrong.message).toMatch(/not a valid ISBN: the check digit should be 0/);
    expect(wrong.line).toBe(5);
    const both = error(yaml('  isbn: 978-7-5321-1234-0\n  permit: 宁内资准字（2024）第000号\n'));
    expect(both.message).toMatch(/either isbn .* or permit/);
    expect(both.line).toBe(6);
  });

  it('takes the cover colour as #rrggbb or cmyk() in percent', () => {
    expect(parseCoverColour('#7A1F1F')).toEqual({ kind: 'rgb', hex: '#7a1f1f' });
    expect(parseCoverColour('cmyk(0 90 80 45)')).toEqual({ kind: 'cmyk', cmyk: [0, 0.9, 0.8, 0.45] });
    expect(parseCoverColour('cmyk(0, 90%, 80%, 45%)')).toEqual({ kind: 'cmyk', cmyk: [0, 0.9, 0.8, 0.45] });
    expect(parseCoverColour('cmyk(0 190 80 45)')).toBeUndefined();
    expect(parseCoverColour('red')).toBeUndefined();
    expect(() => parseConfig('title: 书\ncover:\n  color: red\n', 'book.yaml')).toThrow(/cmyk\(c m y k\)/);
  });
});

describe('ICC conversion with LittleCMS (WebAssembly)', () => {
  it('reads the default coated CMYK profile shipped with paiban and its description', async () => {
    const profile = await readCmykProfile(DEFAULT_CMYK_PROFILE);
    expect(profile.description).toBe('FOGRA39L Coated');
    expect(DEFAULT_CMYK_PROFILE.startsWith('/usr/')).toBe(false);
    expect(iccDescription(profile.bytes)).toBe(profile.description);
  });

  it('converts the sample cover colour #7a1f1f to CMYK and back', async () => {
    const [cmyk] = await rgbToCmyk(DEFAULT_CMYK_PROFILE, [[0x7a / 255, 0x1f / 255, 0x1f / 255]]);
    // Measured with this profile, relative colorimetric with black point compensation: magenta and yellow, with black for the depth.
    expect(cmyk!.map((v) => Math.round(v * 100))).toEqual(FOGRA_7A1F1F);
    const back = await cmykToRgb(DEFAULT_CMYK_PROFILE, cmyk!);
    back.forEach((value, index) => expect(Math.abs(value - [0x7a, 0x1f, 0x1f][index]!)).toBeLessThan(12));
  });
});

const FOGRA_7A1F1F = [12, 93, 73, 54];

/** sRGB colours converted by Ghostscript (which uses its own LittleCMS), as paiban converted them before. */
function ghostscriptCmyk(profile: string, colours: readonly [number, number, number][]): number[][] {
  const program = colours.map((rgb, x) => `${rgb.map((v) => v.toFixed(6)).join(' ')} setrgbcolor ${x} 0 1 1 rectfill`).join(' ');
  const raw = execFileSync('gs', ['-q', '-dSAFER', '-dNOPAUSE', '-dBATCH', '-sDEVICE=bitcmyk', '-dGrayValues=256', '-r72', `-g${colours.length}x1`, `-sOutputICCProfile=${profile}`, '-dRenderIntent=1', '-sOutputFile=-', '-c', `${program} showpage`]);
  return colours.map((_, x) => [0, 1, 2, 3].map((c) => raw[x * 4 + c]!));
}

describe.skipIf(spawnSync('gs', ['--version']).error !== undefined)('LittleCMS against Ghostscript (where gs is installed)', () => {
  it('converts colours as Ghostscript did, to 1 % of each ink, with the shipped profile and with a system one', async () => {
    const colours: [number, number, number][] = [[0x7a / 255, 0x1f / 255, 0x1f / 255], [1, 0, 0], [0, 0.5, 1], [0.2, 0.2, 0.2], [1, 1, 1], [0, 0, 0], [0.9, 0.8, 0.1]];
    const profiles = [DEFAULT_CMYK_PROFILE, '/usr/share/color/icc/ghostscript/default_cmyk.icc'].filter((file) => existsSync(file));
    for (const profile of profiles) {
      const ours = (await rgbToCmyk(profile, colours)).map((cmyk) => cmyk.map((v) => Math.round(v * 255)));
      const theirs = ghostscriptCmyk(profile, colours);
      ours.forEach((cmyk, i) => cmyk.forEach((ink, c) => expect(Math.abs(ink - theirs[i]![c]!), `${profile} colour ${i} ink ${c}`).toBeLessThanOrEqual(3)));
    }
  });
});

describe('PDF/X-4 and verify --pdfx', () => {
  async function sample(): Promise<Uint8Array> {
    const pdf = await PDFDocument.create({ updateMetadata: false });
    const page = pdf.addPage([420, 595]);
    page.drawRectangle({ x: 50, y: 50, width: 100, height: 20, color: rgb(0.2, 0.2, 0.2) });
    page.drawRectangle({ x: 50, y: 100, width: 100, height: 20, color: rgb(0.4784, 0.1216, 0.1216) });
    // A second page in the same colour (the back cover): converted too, not left as the placeholder.
    pdf.addPage([420, 595]).drawRectangle({ x: 0, y: 0, width: 420, height: 595, color: rgb(0.4784, 0.1216, 0.1216) });
    return pdf.save();
  }

  it('makes a file that passes every check, and names what a broken one lacks', async () => {
    const profile = await readCmykProfile(DEFAULT_CMYK_PROFILE);
    const { pdf, report } = await toPdfX4(await addPrintMarks(await sample()), { profile, metadata, fixed: new Map([['#7a1f1f', [0, 0.9, 0.8, 0.45]]]) });
    expect(report.colours).toEqual([{ hex: '#7a1f1f', cmyk: [0, 0.9, 0.8, 0.45], given: true }]);
    const good = await verifyPdfX(pdf);
    expect(good.filter((r) => !r.ok)).toEqual([]);
    expect(good.map((r) => r.clause)).toEqual(expect.arrayContaining(['PDF/X-4 output intent', 'PDF/X-4 Info GTS_PDFXVersion', 'PDF/X-4 XMP', 'PDF/X-4 page boxes', 'PDF/X-4 no transfer functions', 'PDF/X-4 fonts embedded', 'PDF/X-4 no DeviceRGB']));

    const broken = await PDFDocument.load(pdf, { updateMetadata: false });
    broken.catalog.delete(PDFName.of('OutputIntents'));
    broken.getPage(0).node.delete(PDFName.of('BleedBox'));
    broken.context.lookup(broken.context.trailerInfo.Info, (await import('pdf-lib')).PDFDict).delete(PDFName.of('GTS_PDFXVersion'));
    broken.getPage(0).node.set(PDFName.of('TR'), PDFName.of('Identity'));
    broken.getPage(0).drawText('RGB', { x: 10, y: 10, color: rgb(1, 0, 0) });
    const failed = (await verifyPdfX(await broken.save())).filter((r) => !r.ok).map((r) => r.clause);
    expect(failed).toEqual(['PDF/X-4 version', 'PDF/X-4 output intent', 'PDF/X-4 Info GTS_PDFXVersion', 'PDF/X-4 page boxes', 'PDF/X-4 no transfer functions', 'PDF/X-4 fonts embedded', 'PDF/X-4 no DeviceRGB']);
  });

  it('is byte-identical for the same input', async () => {
    const profile = await readCmykProfile(DEFAULT_CMYK_PROFILE);
    const input = await addPrintMarks(await sample());
    const [a, b] = await Promise.all([toPdfX4(input, { profile, metadata }), toPdfX4(input, { profile, metadata })]);
    expect(Buffer.from(a.pdf).equals(Buffer.from(b.pdf))).toBe(true);
    // The red was converted by the profile (not given), the grey went to black ink: both as k operators.
    expect(a.report.colours.map(({ hex, given }) => [hex, given])).toEqual([['#7a1f1f', false]]);
    const out = await PDFDocument.load(a.pdf);
    const content = out.getPage(0).node.Contents()!;
    const streams = 'asArray' in content ? content.asArray().map((ref) => out.context.lookup(ref)) : [content];
    const text = streams.map((stream) => Buffer.from(decodePDFRawStream(stream as PDFRawStream).decode()).toString('latin1')).join('\n');
    expect(text).toContain('0 0 0 .8 k');
    expect(text).toMatch(/\.1[12]\d* \.9[23]\d* \.7[23]\d* \.5[34]\d* k/);
    expect(text).not.toMatch(/\brg\b/);
    const back = out.getPage(1).node.Contents()!;
    const backStreams = 'asArray' in back ? back.asArray().map((ref) => out.context.lookup(ref)) : [back];
    const backText = backStreams.map((stream) => Buffer.from(decodePDFRawStream(stream as PDFRawStream).decode()).toString('latin1')).join('\n');
    expect(backText).toMatch(/\.1[12]\d* \.9[23]\d* \.7[23]\d* \.5[34]\d* k/);
  });
});

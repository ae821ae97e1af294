/**
 * The print shop's side of press/: the content-stream scanner that turns RGB into CMYK (it must never
 * touch a string, an inline image or a colour it does not own), the ICC profile reader, LittleCMS's
 * errors and the PDF/X XMP packet (`verify --pdfx` is in mutation-press-verify.test.ts). Written against
 * the mutants that survived press.test.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SRGB_PROFILE } from '../src/archive/pdfa.js';
import { component, greyAsK, hexOf, isNeutral, rewriteColours, rgbColours, tokens, type Rgb } from '../src/press/content-colour.js';
import { cmykToRgb, DEFAULT_CMYK_PROFILE, iccDescription, readCmykProfile, rgbToCmyk } from '../src/press/icc.js';
import { pdfxXmpPacket, xmpPdfxVersion } from '../src/press/xmp-x.js';
import { PaibanError } from '../src/util/errors.js';

/** Greys become black ink; anything else a fixed CMYK, so the tests need no colour conversion. */
const toCmyk = (value: Rgb) => (isNeutral(value) ? greyAsK(value) : ([0.1, 0.2, 0.3, 0.4] as const));
const rewrite = (text: string, rgbSpaces: string[] = []) => rewriteColours(text, toCmyk, { rgb: new Set(rgbSpaces) });

describe('the content-stream scanner', () => {
  it('splits operands and operators: numbers of every form, names, booleans and null are operands', () => {
    const found = [...tokens('+1 -.5 3. 0.25 /Name true false null Tj')].map((t) => `${t.kind[1]}:${t.value}`);
    expect(found).toEqual(['p:+1', 'p:-.5', 'p:3.', 'p:0.25', 'p:/Name', 'p:true', 'p:false', 'p:null', 'p:Tj']);
    // (the kind letter: o[p]erand, o[p]erator — both 'p'; the values are what matters above; kinds next)
    expect([...tokens('1 2 re\nf')].map((t) => t.kind)).toEqual(['operand', 'operand', 'operator', 'operator']);
    expect([...tokens('1 2 re\nf')].map((t) => [t.start, t.end])).toEqual([[0, 1], [2, 3], [4, 6], [7, 8]]);
    expect([...tokens('1.2.3 x1 ++1')].map((t) => t.kind)).toEqual(['operator', 'operator', 'operator']);
  });

  it('takes a name up to the next delimiter, and skips a stray delimiter', () => {
    expect([...tokens('/F1[1]) > }/G2(x)')].map((t) => t.value)).toEqual(['/F1', '[1]', ')', '>', '}', '/G2', '(x)']);
  });

  it('skips comments to the end of the line, either line end', () => {
    expect(rewrite('% 1 0 0 rg\n.2 .2 .2 rg %x\r1 1 1 RG').text).toBe('% 1 0 0 rg\n0 0 0 .8 k %x\r0 0 0 0 K');
    expect(rewrite('1 0 0 rg % 0 0 0 rg').text).toBe('.1 .2 .3 .4 k % 0 0 0 rg');
  });

  it('never rewrites inside a literal string: nested and escaped parentheses, a backslash at the end', () => {
    const source = '(a (nested) \\) 1 0 0 rg) Tj (\\\\) Tj 0 0 0 rg (x\\(1 0 0 rg) Tj';
    expect(rewrite(source).text).toBe('(a (nested) \\) 1 0 0 rg) Tj (\\\\) Tj 0 0 0 1 k (x\\(1 0 0 rg) Tj');
    // An unterminated string runs to the end: nothing after it is an operator.
    expect(rewrite('(open 1 0 0 rg').rewritten).toBe(0);
  });

  it('never rewrites inside hex strings, dictionaries or arrays, with strings and hex strings inside them', () => {
    const source = '<31 20 30 rg> Tj /P <</A (1 0 0 rg) /B <</C 1>> /D <3e>>> BDC [<3e> 1 0 0 rg (])] TJ 1 1 1 rg';
    expect(rewrite(source).text).toBe('<31 20 30 rg> Tj /P <</A (1 0 0 rg) /B <</C 1>> /D <3e>>> BDC [<3e> 1 0 0 rg (])] TJ 0 0 0 0 k');
    expect(rewrite('[(a) <00> [1 2] 3] TJ .5 .5 .5 RG').text).toBe('[(a) <00> [1 2] 3] TJ 0 0 0 .5 K');
    // Unterminated: the rest of the stream is the operand.
    expect(rewrite('<</A 1 0 0 rg').rewritten).toBe(0);
    expect(rewrite('[1 0 0 rg').rewritten).toBe(0);
    expect(rewrite('<31 0 0 0 rg').rewritten).toBe(0);
  });

  it('skips an inline image’s binary data up to a white-space-delimited EI, and goes on after it', () => {
    const source = 'BI /W 2 /H 1 /CS /RGB /BPC 8 ID xEI 1 0 0 rg\nEI 1 0 0 rg';
    expect(rewrite(source).text).toBe('BI /W 2 /H 1 /CS /RGB /BPC 8 ID xEI 1 0 0 rg\nEI .1 .2 .3 .4 k');
    // EI at the very end of the stream ends the image too.
    expect(rewrite('BI ID 1 0 0 rg EI').rewritten).toBe(0);
    expect(rewrite('0 0 0 rg BI ID 1 0 0 rg EI').text).toBe('0 0 0 1 k BI ID 1 0 0 rg EI');
  });

  it('rewrites rg/RG only with three numbers, and counts what it rewrote', () => {
    expect(rewrite('/X 1 0 rg 1 0 0 RG 0 0 rg .3 .3 .3 rg')).toEqual({ text: '/X 1 0 rg .1 .2 .3 .4 K 0 0 rg 0 0 0 .7 k', rewritten: 2 });
    expect(rewrite('(a) 0 0 rg').rewritten).toBe(0);
    // The operands of an operator are its own: "1 0 0 Tj rg" has no operands for rg.
    expect(rewrite('1 0 0 Tj rg').rewritten).toBe(0);
  });

  it('turns a DeviceRGB or RGB-resource colour space into DeviceCMYK for fill and stroke separately', () => {
    expect(rewrite('/DeviceRGB cs .2 .2 .2 sc 1 0 0 SC').text).toBe('/DeviceCMYK cs 0 0 0 .8 sc 1 0 0 SC');
    expect(rewrite('/CS0 CS .2 .2 .2 SCN .2 .2 .2 scn', ['CS0']).text).toBe('/DeviceCMYK CS 0 0 0 .8 SCN .2 .2 .2 scn');
    expect(rewrite('/CS1 cs .2 .2 .2 sc', ['CS0']).text).toBe('/CS1 cs .2 .2 .2 sc');
    // A named (pattern) colour or a count other than three is left as it is.
    expect(rewrite('/DeviceRGB cs /P1 scn .5 .5 sc').text).toBe('/DeviceCMYK cs /P1 scn .5 .5 sc');
    // A cs without an operand is malformed: nothing to turn.
    expect(rewrite('cs .2 .2 .2 sc').text).toBe('cs .2 .2 .2 sc');
  });

  it('keeps the colour space state per graphics state: Q restores it, an unbalanced Q resets it', () => {
    expect(rewrite('/DeviceRGB cs q /DeviceGray cs Q .2 .2 .2 sc').text).toBe('/DeviceCMYK cs q /DeviceGray cs Q 0 0 0 .8 sc');
    expect(rewrite('q /DeviceRGB cs Q .2 .2 .2 sc').text).toBe('q /DeviceCMYK cs Q .2 .2 .2 sc');
    expect(rewrite('/DeviceRGB cs Q .2 .2 .2 sc').text).toBe('/DeviceCMYK cs Q .2 .2 .2 sc');
    expect(rewrite('/DeviceRGB CS Q .2 .2 .2 SC').text).toBe('/DeviceCMYK CS Q .2 .2 .2 SC');
  });

  it('lists the RGB colours of a stream for one batch conversion, without changing it', () => {
    expect(rgbColours('1 0 0 rg (0 1 0 rg) Tj /CS0 cs 0 0 1 sc', { rgb: new Set(['CS0']) })).toEqual([[1, 0, 0], [0, 0, 1]]);
    expect(rgbColours('0 .5 1 RG')).toEqual([[0, 0.5, 1]]);
  });

  it('writes components with at most 4 decimals, clamped to 0…1', () => {
    expect([0, 1, 0.8, 0.04314, 0.00004, 0.99996, -0.2, 1.5].map(component)).toEqual(['0', '1', '.8', '.0431', '0', '1', '0', '1']);
  });

  it('knows a grey within 0.004 on every pair, and the #rrggbb CSS wrote', () => {
    expect(isNeutral([0.5, 0.503, 0.5])).toBe(true);
    expect(isNeutral([0.25, 0.25, 0.25390625])).toBe(true);
    expect(isNeutral([0.25390625, 0.25, 0.25])).toBe(true);
    expect(isNeutral([0.5, 0.505, 0.5])).toBe(false);
    expect(isNeutral([0.5, 0.5, 0.505])).toBe(false);
    expect(isNeutral([0.505, 0.5, 0.5])).toBe(false);
    expect(isNeutral([0.5, 0.503, 0.506])).toBe(false);
    expect(greyAsK([0.25, 0.25, 0.25])).toEqual([0, 0, 0, 0.75]);
    expect(greyAsK([0, 0.5, 1])).toEqual([0, 0, 0, 0.5]);
    expect(hexOf([0, 1, 0.5])).toBe('#00ff80');
    expect(hexOf([-1, 2, 0.01])).toBe('#00ff03');
  });
});

/** A minimal ICC profile with a `desc` tag of the given type. */
function iccWithDesc(type: 'desc' | 'mluc', text: string): Uint8Array {
  const header = Buffer.alloc(132);
  header.write('acsp', 36, 'latin1');
  header.writeUInt32BE(1, 128);
  const tag = Buffer.alloc(12);
  tag.write('desc', 0, 'latin1');
  tag.writeUInt32BE(144, 4);
  let body: Buffer;
  if (type === 'desc') {
    const ascii = Buffer.from(`${text}\0\0`, 'latin1');
    body = Buffer.concat([Buffer.from('desc\0\0\0\0', 'latin1'), Buffer.from([0, 0, 0, ascii.length]), ascii]);
  } else {
    const utf16 = Buffer.from(`${text}\0`, 'utf16le').swap16();
    const record = Buffer.alloc(28);
    record.write('mluc', 0, 'latin1');
    record.writeUInt32BE(1, 8);
    record.writeUInt32BE(12, 12);
    record.write('enUS', 16, 'latin1');
    record.writeUInt32BE(utf16.length, 20);
    record.writeUInt32BE(28, 24);
    body = Buffer.concat([record, utf16]);
  }
  tag.writeUInt32BE(body.length, 8);
  return new Uint8Array(Buffer.concat([header, tag, body]));
}

describe('ICC profiles and LittleCMS', () => {
  let tmp: string;
  beforeAll(async () => {
    tmp = await mkdtemp(path.join(tmpdir(), 'paiban-mutation-press-'));
  });
  afterAll(async () => {
    await rm(tmp, { recursive: true, force: true });
  });

  it('reads the description of a v2 (desc) and a v4 (mluc) profile, and none from a truncated one', () => {
    expect(iccDescription(iccWithDesc('desc', 'Coated FOGRA39'))).toBe('Coated FOGRA39');
    expect(iccDescription(iccWithDesc('mluc', 'PSO Coated v3'))).toBe('PSO Coated v3');
    expect(iccDescription(iccWithDesc('desc', '   '))).toBeUndefined();
    expect(iccDescription(iccWithDesc('mluc', ' '))).toBeUndefined();
    expect(iccDescription(iccWithDesc('desc', 'x').subarray(0, 131))).toBeUndefined();
    // A tag table that claims more tags than the file holds is read as far as it goes.
    const claims = iccWithDesc('desc', 'Coated');
    new DataView(claims.buffer).setUint32(128, 1000);
    expect(iccDescription(claims)).toBe('Coated');
    // A tag table without desc.
    const other = iccWithDesc('desc', 'Coated');
    other.set(Buffer.from('cprt', 'latin1'), 132);
    expect(iccDescription(other)).toBeUndefined();
  });

  it('finds desc among several tags', () => {
    const one = Buffer.from(iccWithDesc('desc', 'Second'));
    const two = Buffer.alloc(one.length + 12);
    one.copy(two, 0, 0, 132);
    two.writeUInt32BE(2, 128);
    two.write('cprt', 132, 'latin1');
    one.copy(two, 144, 132, 144);
    two.writeUInt32BE(156, 148);
    one.copy(two, 156, 144);
    expect(iccDescription(new Uint8Array(two))).toBe('Second');
  });

  it('says what to do when the press profile is missing or is not a CMYK output profile', async () => {
    const missing = await readCmykProfile(path.join(tmp, 'nothing-here.icc')).catch((error: PaibanError) => error);
    expect(missing).toBeInstanceOf(PaibanError);
    expect((missing as PaibanError).message).toBe('The CMYK press profile is missing; the print files need it as their output intent.');
    expect((missing as PaibanError).hint).toBe('Check print.profile in book.yaml.');
    const rgbFile = path.join(tmp, 'srgb.icc');
    await writeFile(rgbFile, await readFile(SRGB_PROFILE));
    const notCmyk = await readCmykProfile(rgbFile).catch((error: PaibanError) => error);
    expect((notCmyk as PaibanError).message).toBe('Not a usable CMYK output profile: it has 3 components, not 4.');
    expect((notCmyk as PaibanError).hint).toMatch(/print\.profile must be a CMYK printer profile/);
    expect((await readCmykProfile(DEFAULT_CMYK_PROFILE)).description).toBe('FOGRA39L Coated');
  });

  it('converts several colours in one run, in order, and none for no colours (not even reading the profile)', async () => {
    expect(await rgbToCmyk('/nonexistent.icc', [])).toEqual([]);
    const [white, black, red] = await rgbToCmyk(DEFAULT_CMYK_PROFILE, [[1, 1, 1], [0, 0, 0], [1, 0, 0]]);
    expect(white).toEqual([0, 0, 0, 0]);
    expect(black![3]).toBeGreaterThan(0.5);
    expect(red![0]).toBeLessThan(0.1);
    expect(red![1]).toBeGreaterThan(0.8);
    expect(await cmykToRgb(DEFAULT_CMYK_PROFILE, [0, 0, 0, 0])).toEqual([255, 255, 255]);
  });

  it('says what is wrong with a profile it cannot read or convert with, in one line naming print.profile', async () => {
    const damaged = path.join(tmp, 'damaged.icc');
    await writeFile(damaged, (await readFile(DEFAULT_CMYK_PROFILE)).subarray(0, 400));
    const rgb = path.join(tmp, 'rgb.icc');
    await writeFile(rgb, await readFile(SRGB_PROFILE));
    const text = path.join(tmp, 'text.icc');
    await writeFile(text, 'not an ICC profile at all, just some words to fill a header of 128 bytes and more: '.repeat(4));
    const messages: string[] = [];
    for (const profile of [path.join(tmp, 'not-a-profile.icc'), damaged, rgb, text]) {
      const bad = await rgbToCmyk(profile, [[1, 0, 0]]).catch((error: unknown) => error);
      expect(bad, profile).toBeInstanceOf(PaibanError);
      expect((bad as PaibanError).message).not.toContain('\n');
      expect((bad as PaibanError).hint).toMatch(/print\.profile/);
      expect((bad as PaibanError).place).toBe(profile);
      messages.push((bad as PaibanError).message);
    }
    expect(messages[0]).toBe('The CMYK press profile is missing; the print files need it as their output intent.');
    // A profile cut short (its tags missing) and an RGB profile: LittleCMS opens them but builds no CMYK transform.
    expect(messages.slice(1, 3)).toEqual(['LittleCMS cannot convert colours with the press profile.', 'LittleCMS cannot convert colours with the press profile.']);
    expect(messages[3]).toBe('LittleCMS cannot read the press profile.');
  });

  it('needs no program on PATH (LittleCMS runs in WebAssembly)', async () => {
    const saved = process.env.PATH;
    process.env.PATH = tmp;
    try {
      expect((await rgbToCmyk(DEFAULT_CMYK_PROFILE, [[1, 0, 0]]))[0]![1]).toBeGreaterThan(0.8);
    } finally {
      process.env.PATH = saved;
    }
  });
});

const metadata = { title: '样书', author: '编委会', subject: '工作回眸', keywords: ['年鉴'], language: 'zh-Hans', creator: 'paiban test', producer: 'paiban test', date: new Date('2024-12-31T00:00:00Z') };

describe('the PDF/X XMP packet', () => {
  it('carries the Info values, escaped, with Trapped, the dates, the version and the xmpMM identifiers', () => {
    const packet = pdfxXmpPacket({ ...metadata, title: '样书 <1> & "2"' }, '0f0e0d0c-0000-4000-8000-000000000001');
    for (const part of [
      '<dc:format>application/pdf</dc:format>',
      '<dc:title><rdf:Alt><rdf:li xml:lang="x-default">样书 &lt;1&gt; &amp; &quot;2&quot;</rdf:li></rdf:Alt></dc:title>',
      '<dc:creator><rdf:Seq><rdf:li>编委会</rdf:li></rdf:Seq></dc:creator>',
      '<dc:description><rdf:Alt><rdf:li xml:lang="x-default">工作回眸</rdf:li></rdf:Alt></dc:description>',
      '<pdf:Producer>paiban test</pdf:Producer>',
      '<pdf:Trapped>False</pdf:Trapped>',
      '<xmp:CreatorTool>paiban test</xmp:CreatorTool>',
      '<xmp:CreateDate>2024-12-31T00:00:00Z</xmp:CreateDate>',
      '<xmp:ModifyDate>2024-12-31T00:00:00Z</xmp:ModifyDate>',
      '<xmp:MetadataDate>2024-12-31T00:00:00Z</xmp:MetadataDate>',
      '<xmpMM:DocumentID>uuid:0f0e0d0c-0000-4000-8000-000000000001</xmpMM:DocumentID>',
      '<xmpMM:InstanceID>uuid:0f0e0d0c-0000-4000-8000-000000000001</xmpMM:InstanceID>',
    ]) expect(packet).toContain(part);
    expect(xmpPdfxVersion(packet)).toBe('PDF/X-4');
    const bare = pdfxXmpPacket({ title: '书', keywords: [], language: 'zh-Hans', creator: 'c', producer: 'p', date: metadata.date }, 'id');
    expect(bare).not.toContain('dc:creator');
    expect(bare).not.toContain('dc:description');
  });
});

import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PDFDocument, PDFHexString, PDFString } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { boxesOf, loadAnnotatedPdf, MAX_ANNOTATIONS, pdfDate, readAnnotations } from '../src/comments/annotations.js';
import { applyFixes } from '../src/comments/apply.js';
import { requestedChange, threads } from '../src/comments/comments.js';
import { place } from '../src/comments/place.js';
import { sourceTextOf } from '../src/comments/source-text.js';
import { coveredBy } from '../src/comments/covered.js';
import { pageChars } from '../src/proof/page-chars.js';
import { PaibanError } from '../src/util/errors.js';
import { addAnnotation } from './comments-fixture.js';

let work: string;
beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'paiban-comments-unit-'));
  await writeFile(path.join(work, 'book.yaml'), 'title: 测试\n');
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

async function pdfWith(build: (pdf: PDFDocument) => void): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.addPage([420, 595]);
  build(pdf);
  return pdf.save();
}

async function cli(bytes: Uint8Array, name: string): Promise<{ code: number; err: string[]; out: string[] }> {
  const file = path.join(work, name);
  await writeFile(file, bytes);
  const err: string[] = [];
  const out: string[] = [];
  const code = await main(['comments', file, work], { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, err, out };
}

const RAW = '---\ntitle: 标题\n---\n\n协商议事平台，**协商议事**室，等协商议事活动。\n\n第二段 `代码` 文字。\n';

describe('reading annotations', () => {
  it('reads type, author, date, UTF-16 and PDFDocEncoded contents, replies and groups', async () => {
    const bytes = await pdfWith((pdf) => {
      const page = pdf.getPage(0);
      const caret = addAnnotation(pdf, page, { subtype: 'Caret', rect: [10, 10, 16, 16], author: '校对一', contents: '降阻力' });
      addAnnotation(pdf, page, { subtype: 'StrikeOut', rect: [10, 10, 40, 20], quads: [10, 20, 40, 20, 10, 10, 40, 10], irt: caret, group: true });
      addAnnotation(pdf, page, { subtype: 'Text', rect: [50, 50, 60, 60], author: 'Ed', contents: 'caf\u00e9', latin: true, irt: caret });
      page.node.addAnnot(pdf.context.register(pdf.context.obj({ Type: 'Annot', Subtype: 'Link', Rect: [0, 0, 1, 1] })));
    });
    const annotations = readAnnotations(await loadAnnotatedPdf(bytes, 'x.pdf'), 'x.pdf');
    expect(annotations.map((a) => [a.type, a.author, a.text, a.replyType])).toEqual([
      ['Caret', '校对一', '降阻力', 'R'],
      ['StrikeOut', '', '', 'Group'],
      ['Text', 'Ed', 'café', 'R'],
    ]);
    expect(annotations[0]!.date).toBe('2024-12-01 09:30');
    expect(annotations[1]!.boxes).toEqual([{ x0: 10, y0: 10, x1: 40, y1: 20 }]);
    const [thread] = threads(annotations);
    expect(thread!.group.map((a) => a.type)).toEqual(['StrikeOut']);
    expect(thread!.replies.map((a) => a.author)).toEqual(['Ed']);
    expect(requestedChange(thread!.root, thread!.group)).toMatchObject({ kind: 'replace', insert: '降阻力' });
  });

  it('turns dates and quads into plain values', () => {
    expect(pdfDate("D:20241231093000+08'00'")).toBe('2024-12-31 09:30');
    expect(pdfDate('D:2024')).toBe('2024-01-01');
    // vertical quads (top to bottom, right to left) give the same box whatever the corner order
    expect(boxesOf([30, 100, 20, 100, 30, 40, 20, 40], undefined, { x0: 0, y0: 0, x1: 420, y1: 595 }, 'p')).toEqual([{ x0: 20, y0: 40, x1: 30, y1: 100 }]);
  });
});

describe('hostile PDFs: a bad annotation is named and skipped, the others import; a bad file is one plain line', () => {
  it('more annotations than paiban reads is one line for the whole file', async () => {
    const { code, err } = await cli(await pdfWith((pdf) => {
      for (let i = 0; i <= MAX_ANNOTATIONS; i++) addAnnotation(pdf, pdf.getPage(0), { subtype: 'Highlight', rect: [1, 1, 2, 2] });
    }), 'too-many.pdf');
    expect(code).toBe(1);
    expect(err).toHaveLength(1);
    expect(err[0]!.split('\n')[0]).toMatch(/more than 5000 annotations/);
  });

  const cases: [string, (pdf: PDFDocument) => void, RegExp, number][] = [
    ['cyclic replies', (pdf) => {
      const page = pdf.getPage(0);
      const a = addAnnotation(pdf, page, { subtype: 'Text', rect: [1, 1, 2, 2] });
      const b = addAnnotation(pdf, page, { subtype: 'Text', rect: [1, 1, 2, 2], irt: a });
      (pdf.context.lookup(a) as import('pdf-lib').PDFDict).set(pdf.context.obj('IRT') as never, b);
    }, /go round in a circle/, 2],
    ['NaN in QuadPoints', (pdf) => {
      const ref = addAnnotation(pdf, pdf.getPage(0), { subtype: 'Highlight', rect: [1, 1, 2, 2] });
      (pdf.context.lookup(ref) as import('pdf-lib').PDFDict).set(pdf.context.obj('QuadPoints') as never, pdf.context.obj([1, 2, 3, 4, 5, 6, 7, PDFString.of('x')]));
    }, /not a number/, 1],
    ['odd QuadPoints count', (pdf) => {
      addAnnotation(pdf, pdf.getPage(0), { subtype: 'Highlight', rect: [1, 1, 2, 2], quads: [1, 2, 3, 4, 5, 6, 7] });
    }, /7 numbers, not a multiple of 8/, 1],
    ['QuadPoints outside the page', (pdf) => {
      addAnnotation(pdf, pdf.getPage(0), { subtype: 'StrikeOut', rect: [1, 1, 2, 2], quads: [1, 2, 3, 4, 5, 6, 7, 9000] });
    }, /reach outside the page/, 1],
    ['huge QuadPoints', (pdf) => {
      addAnnotation(pdf, pdf.getPage(0), { subtype: 'Highlight', rect: [1, 1, 2, 2], quads: Array.from({ length: 8 * 2001 }, () => 5) });
    }, /more than 2000 quadrilaterals/, 1],
    ['an author that is a number', (pdf) => {
      const ref = addAnnotation(pdf, pdf.getPage(0), { subtype: 'Highlight', rect: [1, 1, 2, 2] });
      (pdf.context.lookup(ref) as import('pdf-lib').PDFDict).set(pdf.context.obj('T') as never, pdf.context.obj(12));
      (pdf.context.lookup(ref) as import('pdf-lib').PDFDict).set(pdf.context.obj('RT') as never, pdf.context.obj(7));
    }, /cannot be read/, 1],
  ];
  it.each(cases)('%s', async (name, build, message, bad) => {
    const { code, err, out } = await cli(await pdfWith((pdf) => {
      build(pdf);
      addAnnotation(pdf, pdf.getPage(0), { subtype: 'Text', rect: [50, 50, 60, 60], author: 'Ed', contents: '好的注释', latin: false });
    }), `${name}.pdf`);
    expect(code).toBe(1);
    expect(err).toHaveLength(bad);
    for (const line of err) expect(line).toMatch(new RegExp(`^warning: .*page 1, \\w+ annotation .*: .*${message.source}.*; it was skipped \\(the other comments are imported\\)\\.$`));
    expect(err.join('\n')).not.toMatch(/\n\s+at /);
    expect(out.join('\n')).toContain('好的注释');
  });

  it('encrypted and truncated', async () => {
    const whole = await pdfWith((pdf) => {
      pdf.context.trailerInfo.Encrypt = pdf.context.register(pdf.context.obj({ Filter: 'Standard', V: 1, R: 2, O: PDFHexString.of('00'), U: PDFHexString.of('00'), P: -4 }));
    });
    const encrypted = await cli(whole, 'encrypted.pdf');
    expect(encrypted.code).toBe(1);
    expect(encrypted.err[0]).toMatch(/encrypted/);
    const truncated = await cli((await pdfWith(() => {})).slice(0, 200), 'truncated.pdf');
    expect(truncated.code).toBe(1);
    expect(truncated.err.join('\n')).toMatch(/not a PDF paiban can read/);
    expect(truncated.err.join('\n')).not.toMatch(/\n\s+at /);
  });
});

describe('placing text on the manuscript', () => {
  const source = sourceTextOf('m.md', '/book/m.md', RAW, true);

  it('picks the occurrence whose surroundings match', () => {
    const p = place({ text: '协商议事', before: '平台，协商议事室，等', after: '活动。第二段' }, [source])!;
    expect(p.start).toBe(RAW.indexOf('等协商议事活动') + 1);
    expect(p).toMatchObject({ line: 5, contextMatched: true, literal: true });
  });

  it('marks a span through Markdown markup as not literal, and finds a point between characters', () => {
    const bold = place({ text: '协商议事', before: '协商议事平台，', after: '室，等' }, [source])!;
    expect(bold.start).toBe(RAW.indexOf('**协商议事**') + 2);
    const point = place({ text: '', before: '第二段', after: '代码文字' }, [source])!;
    expect(point.start).toBe(RAW.indexOf('第二段') + 3);
  });

  it('says what the manuscript has now when the marked text changed', () => {
    const changed = place({ text: '议定', before: '平台，协商议事室，等协商', after: '活动。第二段' }, [source])!;
    expect(changed.changedTo).toBe('议事');
  });

  it('applies fixes from the end backwards and refuses a stale one', async () => {
    const dir = await mkdtemp(path.join(work, 'apply-'));
    const file = path.join(dir, 'm.md');
    await writeFile(file, RAW);
    const src = sourceTextOf('m.md', file, RAW, true);
    const at = (t: string) => RAW.indexOf(t);
    const outcomes = await applyFixes(
      [
        { kind: 'delete', source: src, start: at('等协商议事') + 1, end: at('等协商议事') + 5, expect: '协商议事', insert: '' },
        { kind: 'insert', source: src, start: at('平台'), end: at('平台'), expect: '', insert: '服务' },
        { kind: 'replace', source: src, start: at('文字'), end: at('文字') + 2, expect: '问题', insert: 'X' },
      ],
      dir,
    );
    expect(outcomes.map((o) => o.applied)).toEqual([false, true, true]);
    expect(outcomes[0]!.reason).toMatch(/no longer reads “问题”/);
    const { readFile } = await import('node:fs/promises');
    expect(await readFile(file, 'utf8')).toBe(RAW.replace('等协商议事活动', '等活动').replace('协商议事平台', '协商议事服务平台'));
  });

  it('is a PaibanError for a file that is not a PDF', async () => {
    await expect(loadAnnotatedPdf(new TextEncoder().encode('hello'), 'x.pdf')).rejects.toThrow(PaibanError);
  });
});

describe('PDFs annotated in a real reader (pdf.js test corpus)', () => {
  const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'pdfjs');
  it.each([
    ['annotation-highlight.pdf', 'Highlight', 'Highlight content', '2015-12-30 15:22'],
    ['annotation-strikeout.pdf', 'StrikeOut', 'StrikeOut content', '2015-12-29 15:05'],
  ])('%s: type, author, text, date and the words it covers', async (name, type, text, date) => {
    const file = path.join(fixtures, name);
    const [annotation, ...rest] = readAnnotations(await loadAnnotatedPdf(await readFile(file), file), file);
    expect(rest).toEqual([]);
    expect(annotation).toMatchObject({ type, author: 'Tim van der Meij', text, date, page: 1 });
    const [chars] = await pageChars(file);
    expect(coveredBy(annotation!, chars!, 'horizontal').text).toBe('Loremipsumdolorsitamet');
  });
  it('annotation-caret-ink.pdf: the caret stands after “Continue this”', async () => {
    const file = path.join(fixtures, 'annotation-caret-ink.pdf');
    const annotations = readAnnotations(await loadAnnotatedPdf(await readFile(file), file), file);
    expect(annotations.map((a) => [a.type, a.text])).toEqual([['Caret', 'Caret content']]);
    const [chars] = await pageChars(file);
    expect(coveredBy(annotations[0]!, chars!, 'horizontal')).toMatchObject({ text: '', before: 'CaretContinuethis', after: 'Ink' });
  });
});

import { mkdtemp, mkdir, writeFile, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { toHtml } from 'hast-util-to-html';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseManuscript } from '../src/manuscript/parse.js';
import { transformManuscript } from '../src/pipeline/transform.js';
import { checkImagePath } from '../src/files/images.js';
import { PaibanError } from '../src/util/errors.js';

let bookDir: string;

beforeAll(async () => {
  bookDir = await mkdtemp(path.join(tmpdir(), 'paiban-pipeline-'));
  await mkdir(path.join(bookDir, 'manuscripts'));
  await mkdir(path.join(bookDir, 'images'));
  // A real 1×1 PNG, a file that only claims to be one, and a link out of the book.
  await writeFile(path.join(bookDir, 'images', 'photo.png'), Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64'));
  await writeFile(path.join(bookDir, 'images', 'broken.png'), 'not really a png');
  await writeFile(path.join(tmpdir(), 'paiban-outside.png'), 'outside');
  await symlink(path.join(tmpdir(), 'paiban-outside.png'), path.join(bookDir, 'images', 'link.png')).catch(() => undefined);
});

async function render(body: string) {
  const file = path.join(bookDir, 'manuscripts', 'a.md');
  const { meta, tree } = parseManuscript(`---\ntitle: 标题\n---\n\n${body}`, file);
  const chapter = await transformManuscript({ file, name: 'manuscripts/a.md', meta, tree }, { id: 'ch1', bookDir });
  // The manuscript lines of blocks (data-line) are tested on their own (hard-pages.test.ts).
  return { html: toHtml(chapter.body).replace(/ data-line="\d+"/g, '').replace(/<wbr>/g, ''), chapter };
}

async function renderError(body: string): Promise<PaibanError> {
  try {
    await render(body);
  } catch (error) {
    if (error instanceof PaibanError) return error;
    throw error;
  }
  throw new Error('expected a PaibanError');
}

describe('figures', () => {
  it('turns a caption-only figure directive into <figure><figcaption>', async () => {
    const { html } = await render('::figure[利通区政协开展“双减”调研。]\n');
    expect(html).toBe('<figure class="figure caption-only"><figcaption id="ch1-f1">利通区政协开展“双减”调研。</figcaption></figure>');
  });

  it('keeps an image inside the book folder, as an absolute file URL', async () => {
    const { html } = await render('::figure[图注]{src="../images/photo.png"}\n');
    expect(html).toMatch(/^<figure class="figure has-image"><img src="file:\/\/\/.*\/images\/photo\.png" alt="图注" data-pixels="1x1"><figcaption id="ch1-f1">图注<\/figcaption><\/figure>$/);
  });

  it('refuses a missing image with its line', async () => {
    const error = await renderError('正文\n\n::figure[图注]{src="../images/none.png"}\n');
    expect(error.message).toBe('Image "../images/none.png" does not exist.');
    expect(error.placeFrom(bookDir)).toBe('manuscripts/a.md:7:1');
  });

  it.each([
    ['../../outside.png', 'is outside the book folder'],
    ['/etc/passwd', 'is outside the book folder'],
    ['http://example.com/x.png', 'is on the web: paiban never fetches from the network'],
  ])('refuses the image %s', async (src, reason) => {
    expect((await renderError(`![图](${src})\n`)).message).toContain(reason);
  });
});

describe('directives', () => {
  it('turns ::pagebreak into a page-break div, with an id by its place (the layout checks find the page it ends)', async () => {
    expect((await render('甲\n\n::pagebreak\n\n乙\n\n::pagebreak\n')).html).toBe('<p>甲</p>\n<div class="page-break" id="ch1-pb1"></div>\n<p>乙</p>\n<div class="page-break" id="ch1-pb2"></div>');
  });

  it('refuses an unknown block directive with its line and the known ones', async () => {
    const error = await renderError('正文\n\n::video[片]\n');
    expect(error.message).toBe('Unknown directive "::video".');
    expect(error.line).toBe(7);
    expect(error.hint).toContain('::figure');
  });

  it('puts an accidental text directive back as text', async () => {
    expect((await render('会议时间:上午 ratio:abc 完\n')).html).toBe('<p>会议时间:上午ratio:abc完</p>');
  });
});

describe('html safety', () => {
  it.each([
    ['<script>alert(1)</script>正文', /script|alert/],
    ['<iframe src="http://x"></iframe>正文', /iframe/],
    ['<object data="x.swf"></object><embed src="x">正文', /object|embed/],
    ['<meta http-equiv="refresh" content="0;url=http://x">正文', /meta|refresh/],
    ['<p onclick="alert(1)" style="background:url(http://x)">正文</p>', /onclick|style|url\(/],
    ['<a href="javascript:alert(1)">正文</a>', /javascript|href/],
    ['<a href="http://example.com">正文</a>', /href/],
    ['<svg onload="alert(1)"><text>x</text></svg>正文', /svg|onload/],
    ['<form action="http://x"><input name="q"></form>正文', /form|input/],
    ['<h2 id="ch1">冒名的锚</h2>', /id="ch1"/],
  ])('sanitizes %s', async (raw, forbidden) => {
    const { html } = await render(`${raw}\n`);
    expect(html).not.toMatch(forbidden);
    expect(html).toMatch(/正文|冒名的锚/);
  });

  it('keeps the text-level HTML a book needs', async () => {
    const { html } = await render('H<sub>2</sub>O 与 E=mc<sup>2</sup>，<ruby>吴<rt>wú</rt></ruby>忠<br>下一行\n');
    expect(html).toBe('<p>H<sub>2</sub>O与E=mc<sup>2</sup>，<ruby>吴<rt>wú</rt></ruby>忠<br>下一行</p>');
  });

  it('checks images in raw HTML like Markdown images', async () => {
    expect((await renderError('<img src="http://127.0.0.1/x.png">\n')).message).toContain('is on the web');
    expect((await renderError('<img src="../../../etc/passwd">\n')).message).toContain('outside the book folder');
    expect((await renderError('<img src="javascript:alert(1)">\n')).message).toContain('has no source');
  });

  it('refuses an image that is a link out of the book, or not an image', async () => {
    expect((await renderError('![图](../images/link.png)\n')).message).toContain('a link to a file outside the book folder');
    expect((await renderError('![图](../images/broken.png)\n')).message).toContain('is not a PNG, JPEG, GIF, WebP or SVG image');
  });
});

describe('section ids', () => {
  it('numbers the headings of a chapter and records them', async () => {
    const { html, chapter } = await render('## 团结联合：广泛凝聚共识\n\n正文\n\n### 小节\n\n## 政治引领\n');
    expect(html).toContain('<h2 id="ch1-s1">团结联合：广泛凝聚共识</h2>');
    expect(chapter.sections).toEqual([
      { id: 'ch1-s1', level: 2, text: '团结联合：广泛凝聚共识' },
      { id: 'ch1-s2', level: 3, text: '小节' },
      { id: 'ch1-s3', level: 2, text: '政治引领' },
    ]);
  });

  it('renders GFM tables and CJK-friendly emphasis', async () => {
    const { html } = await render('**“重点”**提案\n\n| 年 | 件 |\n| - | - |\n| 2024 | 133 |\n');
    expect(html).toContain('<strong>“重点”</strong>提案');
    expect(html).toContain('<td class="num"><span class="nobr">133</span></td>');
  });
});

describe('image files: what counts as an image, by its first bytes', () => {
  const riff = (kind: string) => Buffer.concat([Buffer.from('RIFF'), Buffer.from([0x10, 0, 0, 0]), Buffer.from(kind), Buffer.alloc(8)]);
  it.each<[string, Buffer]>([
    ['png', Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64')],
    ['jpg', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10])],
    ['gif', Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1')],
    ['webp', riff('WEBP')],
    ['svg', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>')],
    ['svg', Buffer.from('  <?xml version="1.0"?>\n<!-- made by hand -->\n<!-- twice -->\n<SVG>\n</SVG>')],
  ])('accepts a real %s', async (extension, bytes) => {
    const name = `ok-${extension}-${bytes.length}.${extension}`;
    await writeFile(path.join(bookDir, 'images', name), bytes);
    expect(checkImagePath(`../images/${name}`, path.join(bookDir, 'manuscripts'), bookDir)).toEqual({ file: path.join(bookDir, 'images', name) });
  });

  it.each<[string, Buffer]>([
    ['a JPEG without its third marker byte', Buffer.from([0xff, 0xd8, 0x00, 0xe0])],
    ['a JPEG start on the wrong byte', Buffer.from([0x00, 0xd8, 0xff, 0xe0])],
    ['half a JPEG marker', Buffer.from([0xff, 0x00, 0xff, 0xe0])],
    ['GIF7 (not a GIF)', Buffer.from('GIF7', 'latin1')],
    ['a RIFF that is a WAVE', riff('WAVE')],
    ['a WEBP tag without RIFF', Buffer.concat([Buffer.from('RIFX'), Buffer.alloc(4), Buffer.from('WEBP')])],
    ['text that mentions <svg> later', Buffer.from('hello <svg></svg>')],
    ['an <svgx> element', Buffer.from('<svgx/>')],
    ['an XML file that is not SVG', Buffer.from('<?xml version="1.0"?><html/>')],
    ['an empty file', Buffer.alloc(0)],
  ])('refuses %s', async (what, bytes) => {
    const name = `bad-${what.replace(/\W+/g, '-')}.png`;
    await writeFile(path.join(bookDir, 'images', name), bytes);
    const checked = checkImagePath(`../images/${name}`, path.join(bookDir, 'manuscripts'), bookDir);
    expect(checked).toEqual({ problem: { reason: `Image "../images/${name}" is not a PNG, JPEG, GIF, WebP or SVG image (the file may be damaged)`, hint: 'Open it in an image viewer; save it again as PNG or JPEG.' } });
  });

  it('says why a path cannot be used, each in words with what to do', () => {
    const from = path.join(bookDir, 'manuscripts');
    const reason = (src: string) => {
      const checked = checkImagePath(src, from, bookDir);
      return 'problem' in checked ? checked.problem.reason : 'accepted';
    };
    expect(reason('')).toBe('An image has no source (or one that is not allowed, such as javascript:)');
    expect(reason('https://example.com/a.png')).toBe('Image "https://example.com/a.png" is on the web: paiban never fetches from the network, so it would not print');
    expect(reason('//example.com/a.png')).toBe('Image "//example.com/a.png" is on the web: paiban never fetches from the network, so it would not print');
    expect(reason('ftp://example.com/a.png')).toBe('Image "ftp://example.com/a.png" is not a file in the book folder');
    expect(reason('../../a.png')).toBe('Image "../../a.png" is outside the book folder');
    expect(reason('/etc/passwd')).toBe('Image "/etc/passwd" is outside the book folder');
    expect(reason('../images/none.png')).toBe('Image "../images/none.png" does not exist');
    expect(reason('../images/photo.png')).toBe('accepted');
  });

  it('says what to do with an image on the web: the path to save it under, from where it is referred to; a caption alone in a manuscript', () => {
    const hint = (src: string, from: string, captionAlone = true) => {
      const checked = checkImagePath(src, from, bookDir, { captionAlone });
      return 'problem' in checked ? checked.problem.hint : 'accepted';
    };
    const manuscripts = path.join(bookDir, 'manuscripts');
    expect(hint('https://example.com/news/2024/%E5%9B%BE1.jpg?w=600#top', manuscripts)).toBe('Save the image into the book\'s images/ folder and point to it: "../images/图1.jpg"; or, for a caption without a picture, write ::figure[图注] without src.');
    // No image file name in the address: a name to choose. book.yaml's cover has no caption to fall back on.
    expect(hint('https://example.com/photo?id=3', bookDir, false)).toBe('Save the image into the book\'s images/ folder and point to it: "images/photo.jpg".');
  });
});

/**
 * The book's HTML names its font subsets relative to its own place in the output folder, so that it
 * does not depend on the folder the book is built in (two folders, one HTML; see
 * reproducible.integration for the whole build).
 */
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { FontFamily } from '../src/config/fonts.js';
import { isAllowedUrl } from '../src/pdf/print.js';
import { fontFaceCss, relativeUrl } from '../src/render/fonts.js';

const families = { body: 'Noto Serif SC', heading: 'Noto Sans SC', caption: 'LXGW WenKai' } as const;
const face = (outDir: string, family: FontFamily, name: string) => ({ family, weight: 400, file: `/fonts/${name}.ttf`, postscriptName: name, subsetFile: path.join(outDir, '.fonts', `${name}-0123456789abcdef.ttf`) });
const urls = (css: string) => [...css.matchAll(/url\("([^"]+)"\)/g)].map((match) => match[1]!);

describe('font URLs relative to the HTML', () => {
  it('are the same for two output folders, and resolve to each folder\'s subsets', () => {
    const outs = ['/home/a/book/out', '/tmp/其他 书 #1/out'];
    const css = outs.map((out) => fontFaceCss([face(out, families.body, 'NotoSerifSC-Regular'), face(out, families.caption, 'LXGWWenKai-Regular')], families, out));
    expect(css[1]).toBe(css[0]);
    expect(new Set(urls(css[0]!))).toEqual(new Set(['.fonts/NotoSerifSC-Regular-0123456789abcdef.ttf', '.fonts/LXGWWenKai-Regular-0123456789abcdef.ttf']));
    for (const out of outs) {
      for (const url of urls(css[0]!)) expect(path.dirname(fileURLToPath(new URL(url, pathToFileURL(path.join(out, 'yearbook.html')))))).toBe(path.join(out, '.fonts'));
    }
  });

  it('are absolute file URLs when no HTML folder is given (the contact sheet prints its own)', () => {
    const css = fontFaceCss([face('/tmp/work', families.body, 'NotoSerifSC-Regular')], families);
    expect(urls(css)).toEqual(['file:///tmp/work/.fonts/NotoSerifSC-Regular-0123456789abcdef.ttf']);
  });

  it('percent-encode what a URL cannot hold as written, so a browser finds the file', () => {
    const from = '/b/out';
    for (const file of ['/b/out/.fonts/a b#1?.ttf', '/b/out/字体/%20.ttf', '/b/fonts/x.ttf']) {
      const url = relativeUrl(from, file);
      expect(url).not.toMatch(/[ #?]/);
      expect(fileURLToPath(new URL(url, pathToFileURL(`${from}/index.html`)))).toBe(file);
    }
  });
});

describe('printing from the staging folder', () => {
  it('the link .fonts → ../.fonts lets the relative URLs resolve there, and the request filter judges them by the real file', async () => {
    const out = await mkdtemp(path.join(tmpdir(), 'paiban-portable-'));
    try {
      const fonts = path.join(out, '.fonts');
      const staging = path.join(out, '.paiban-build-1-x');
      await mkdir(fonts);
      await mkdir(staging);
      await writeFile(path.join(fonts, 'a.ttf'), 'font');
      await symlink(path.relative(staging, fonts), path.join(staging, '.fonts'), 'dir');
      const url = new URL('.fonts/a.ttf', pathToFileURL(path.join(staging, 'yearbook.html'))).href;
      // Allowed as a file of the font cache, not as one of the staging folder: the real path counts.
      expect(isAllowedUrl(url, [fonts])).toBe(true);
      expect(isAllowedUrl(url, [staging])).toBe(false);
      expect(isAllowedUrl(new URL('../.fonts/a.ttf', url).href, [staging])).toBe(false);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});

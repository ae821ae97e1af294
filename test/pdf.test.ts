import { describe, expect, it } from 'vitest';
import { PDFDocument, PDFName, PDFArray } from 'pdf-lib';
import { findChromium, locateChromium, usualBrowserPaths, CHROMIUM_ENV } from '../src/pdf/chromium.js';
import { isAllowedUrl } from '../src/pdf/print.js';
import { readOutline, writeOutline } from '../src/pdf/outline.js';
import { buildDate, readInfo, writeMetadata, writePageLabels } from '../src/pdf/metadata.js';
import { PaibanError } from '../src/util/errors.js';

/** A fake file tree: `exists` answers for these files only (as the platform spells them). */
const tree = (...files: string[]) => (file: string) => files.includes(file);

describe('finding Chromium', () => {
  it('prefers the environment override, on every platform', () => {
    expect(findChromium({ [CHROMIUM_ENV]: '/opt/chrome' }, tree('/opt/chrome', '/usr/bin/chromium'), 'linux')).toBe('/opt/chrome');
    const windows = 'D:\\便携 浏览器\\chrome.exe';
    expect(locateChromium({ [CHROMIUM_ENV]: windows }, tree(windows, 'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe'), 'win32')).toEqual({ path: windows, how: 'env' });
  });

  it('says so when the override points at nothing', () => {
    expect(() => findChromium({ [CHROMIUM_ENV]: '/nope' }, () => false, 'linux')).toThrow(/PAIBAN_CHROMIUM is set to "\/nope"/);
  });

  it('falls back to the usual Linux paths', () => {
    expect(locateChromium({}, tree('/usr/bin/chromium-browser'), 'linux')).toEqual({ path: '/usr/bin/chromium-browser', how: 'usual path' });
  });

  it('finds Edge on Windows first (every office PC has it), in Program Files (x86), Program Files or the user\'s AppData', () => {
    const env = { ProgramFiles: 'C:\\Program Files', 'ProgramFiles(x86)': 'C:\\Program Files (x86)', LOCALAPPDATA: 'C:\\Users\\王小明\\AppData\\Local' };
    const edge86 = 'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe';
    const chrome = 'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe';
    const userChrome = 'C:\\Users\\王小明\\AppData\\Local\\Google\\Chrome\\Application\\chrome.exe';
    const userEdge = 'C:\\Users\\王小明\\AppData\\Local\\Microsoft\\Edge\\Application\\msedge.exe';
    expect(findChromium(env, tree(chrome, edge86), 'win32')).toBe(edge86);
    expect(findChromium(env, tree(chrome), 'win32')).toBe(chrome);
    expect(findChromium(env, tree(userChrome), 'win32')).toBe(userChrome);
    expect(findChromium(env, tree(userEdge), 'win32')).toBe(userEdge);
    // Names of environment variables are case-insensitive on Windows; without them, the usual drive C:.
    expect(findChromium({ PROGRAMFILES: 'E:\\Apps' }, tree('E:\\Apps\\Google\\Chrome\\Application\\chrome.exe'), 'win32')).toBe('E:\\Apps\\Google\\Chrome\\Application\\chrome.exe');
    expect(findChromium({}, tree('C:\\Program Files\\Microsoft\\Edge\\Application\\msedge.exe'), 'win32')).toBe('C:\\Program Files\\Microsoft\\Edge\\Application\\msedge.exe');
    // Linux paths mean nothing there.
    expect(() => findChromium(env, tree('/usr/bin/chromium'), 'win32')).toThrow(PaibanError);
  });

  it('finds Chrome, Chromium or Edge on macOS, in /Applications or ~/Applications', () => {
    const env = { HOME: '/Users/编辑部' };
    const chrome = '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome';
    const chromium = '/Users/编辑部/Applications/Chromium.app/Contents/MacOS/Chromium';
    const edge = '/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge';
    expect(findChromium(env, tree(edge, chrome), 'darwin')).toBe(chrome);
    expect(findChromium(env, tree(edge, chromium), 'darwin')).toBe(chromium);
    expect(findChromium(env, tree(edge), 'darwin')).toBe(edge);
  });

  it('tells how to install one, in the words of each platform, when there is none', () => {
    const hint = (platform: NodeJS.Platform) => {
      try {
        findChromium({}, () => false, platform);
      } catch (error) {
        expect(error).toBeInstanceOf(PaibanError);
        return (error as PaibanError).hint ?? '';
      }
      return expect.unreachable();
    };
    expect(hint('linux')).toContain('apt-get install chromium');
    expect(hint('win32')).toContain('Microsoft Edge or Google Chrome');
    expect(hint('win32')).toContain('C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe');
    expect(hint('darwin')).toContain('/Applications');
  });

  it('lists the paths it tries per platform', () => {
    expect(usualBrowserPaths('linux', {})[0]).toBe('/usr/bin/chromium');
    expect(usualBrowserPaths('win32', {}).every((file) => /^C:\\Program Files( \(x86\))?\\/.test(file))).toBe(true);
    expect(usualBrowserPaths('darwin', {}).every((file) => file.startsWith('/Applications/'))).toBe(true);
  });
});

describe('request policy', () => {
  const allowed = ['/book', '/fonts'];
  it.each([
    ['file:///book/out/x.html', true],
    ['file:///fonts/a.woff2', true],
    ['data:font/woff2;base64,AAAA', true],
    ['file:///book/../etc/passwd', false],
    ['file:///bookshelf/x', false],
    ['file:///etc/passwd', false],
    ['http://127.0.0.1/x.png', false],
    ['https://example.com/font.woff2', false],
  ])('%s → %s', (url, expected) => {
    expect(isAllowedUrl(url, allowed)).toBe(expected);
  });
});

async function documentWithPages(count: number) {
  const pdf = await PDFDocument.create();
  for (let i = 0; i < count; i += 1) pdf.addPage([420, 595]);
  return pdf;
}

describe('outline', () => {
  it('writes nested bookmarks in Unicode that read back with their pages', async () => {
    const pdf = await documentWithPages(5);
    const dest = (index: number) => pdf.context.obj([pdf.getPage(index).ref, PDFName.of('XYZ'), 0, 595, null]) as PDFArray;
    writeOutline(pdf, [
      { title: '栉风沐雨奋楫笃行', destination: dest(1), children: [{ title: '团结联合：广泛凝聚共识', destination: dest(2) }] },
      { title: '砥砺深耕践使命', destination: dest(4), children: [] },
    ]);
    const reloaded = await PDFDocument.load(await pdf.save());
    expect(readOutline(reloaded)).toEqual([
      { title: '栉风沐雨奋楫笃行', pageIndex: 1, children: [{ title: '团结联合：广泛凝聚共识', pageIndex: 2, children: [] }] },
      { title: '砥砺深耕践使命', pageIndex: 4, children: [] },
    ]);
  });
});

describe('metadata', () => {
  it('writes Info, language and fixed dates', async () => {
    const pdf = await documentWithPages(1);
    const date = new Date('2024-12-31T00:00:00Z');
    writeMetadata(pdf, { title: '年鉴', author: '编辑部', subject: '回眸', keywords: ['政协'], language: 'zh-Hans', creator: 'paiban', producer: 'paiban test', date });
    const reloaded = await PDFDocument.load(await pdf.save(), { updateMetadata: false });
    expect(readInfo(reloaded)).toMatchObject({ Title: '年鉴', Author: '编辑部', Subject: '回眸', Keywords: '政协', Creator: 'paiban', Producer: 'paiban test' });
    expect(reloaded.getCreationDate()?.toISOString()).toBe(date.toISOString());
    expect(reloaded.getModificationDate()?.toISOString()).toBe(date.toISOString());
    expect(String(reloaded.catalog.get(PDFName.of('Lang')))).toBe('(zh-Hans)');
  });

  it('labels front matter pages in roman numerals and the body from 1', async () => {
    const pdf = await documentWithPages(6);
    writePageLabels(pdf, 3);
    expect(pdf.catalog.lookup(PDFName.of('PageLabels'))?.toString()).toBe('<<\n/Nums [ 0 <<\n/S /r\n>> 3 <<\n/S /D\n/St 1\n>> ]\n>>');
  });

  it('takes the date from SOURCE_DATE_EPOCH, then book.yaml', () => {
    expect(buildDate({ SOURCE_DATE_EPOCH: '1700000000' }, '2024-12-31')?.toISOString()).toBe('2023-11-14T22:13:20.000Z');
    expect(buildDate({}, '2024-12-31', 2020)?.toISOString()).toBe('2024-12-31T00:00:00.000Z');
    expect(buildDate({}, undefined, 2020)?.toISOString()).toBe('2020-01-01T00:00:00.000Z');
    expect(buildDate({})).toBeUndefined();
  });
});

/**
 * Issue 24, the worst class: a book folder from a stranger carries symbolic links (or hard links, or
 * named pipes) where paiban writes, renames or deletes, most of all inside out/, which paiban made and
 * so trusted. Every test plants them, runs the code, and checks a victim folder outside the book with a
 * fingerprint of every entry: nothing there may be written, replaced, deleted or re-moded. No Chromium.
 */
import { execFileSync } from 'node:child_process';
import { chmod, chown, link, lstat, mkdir, mkdtemp, readFile, readdir, rm, stat, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { applyFixes } from '../src/comments/apply.js';
import { sourceTextOf } from '../src/comments/source-text.js';
import { recordImport, writeCommentsRecord } from '../src/comments/record.js';
import { bookFaces } from '../src/fonts/faces.js';
import { FONT_CACHE, pruneFontCache, subsetFaces } from '../src/fonts/subset.js';
import { OWNED_FILE, pruneOwned, recordOwned } from '../src/files/owned.js';
import { recoverOutputs, Staging } from '../src/files/staging.js';
import { createFileSafely, ensureFolder, readableFolders, removeFile, replaceFileContents, writeFileSafely } from '../src/files/write.js';
import { isAllowedUrl } from '../src/pdf/print.js';
import { writeLayoutCache } from '../src/make/layout-cache.js';
import { renderPageImages } from '../src/proof/page-images.js';
import { writeProofIndex } from '../src/proof/index-html.js';
import { isPaibanError, type PaibanError } from '../src/util/errors.js';
import { onePagePdf } from './helpers/hostile-pdfs.js';
import { fingerprint, makeVictim } from './helpers/victim.js';

let work: string;
let victim: string;
let before: Record<string, string>;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'paiban-hardening-'));
  victim = await makeVictim(path.join(work, 'victim'));
  before = await fingerprint(victim);
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** The victim folder is exactly as it was. */
async function victimUnchanged(): Promise<void> {
  expect(await fingerprint(victim)).toEqual(before);
}

async function thrown(promise: Promise<unknown>): Promise<PaibanError> {
  try {
    await promise;
  } catch (error) {
    if (isPaibanError(error)) return error;
    throw error;
  }
  throw new Error('expected a PaibanError, nothing was thrown');
}

async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (line) => out.push(line), err: (line) => err.push(line) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** A fresh book folder: book.yaml, one manuscript, an out/ folder. */
async function makeBook(manuscript = '---\ntitle: 第一章\n---\n\n正文。\n'): Promise<string> {
  const dir = await mkdtemp(path.join(work, 'book-'));
  await mkdir(path.join(dir, 'manuscripts'));
  await mkdir(path.join(dir, 'out'));
  await writeFile(path.join(dir, 'book.yaml'), 'title: 书\n');
  await writeFile(path.join(dir, 'manuscripts', 'a.md'), manuscript);
  return dir;
}

const isLink = async (file: string) => (await lstat(file)).isSymbolicLink();

describe('files/write.ts: the one way paiban writes', () => {
  it('refuses a folder that is a link, at any depth, naming it and what to do', async () => {
    const book = await makeBook();
    await symlink(victim, path.join(book, 'out', FONT_CACHE));
    const error = await thrown(ensureFolder(book, path.join(book, 'out', FONT_CACHE, 'x')));
    expect(error.message).toMatch(/out\/\.fonts is a symbolic link \(to .*victim\); paiban writes its files only into real folders, never through a link\./);
    expect(error.hint).toMatch(/^Delete the link \(rm ".*out\/\.fonts"\); paiban makes the folder itself/);
    await expect(writeFileSafely(book, path.join(book, 'out', FONT_CACHE, 'x.ttf'), 'x')).rejects.toThrow(/is a symbolic link/);
    await victimUnchanged();
    // Missing folders are made one by one; a file where a folder goes is named.
    await ensureFolder(book, path.join(book, 'out', 'a', 'b'));
    expect((await stat(path.join(book, 'out', 'a', 'b'))).isDirectory()).toBe(true);
    await writeFile(path.join(book, 'out', 'file'), 'x');
    expect((await thrown(ensureFolder(book, path.join(book, 'out', 'file', 'c')))).message).toMatch(/out\/file is a file, not a folder/);
  });

  it('replaces a link or a hard link at the target, never writes through it', async () => {
    const book = await makeBook();
    await symlink(path.join(victim, 'book.pdf'), path.join(book, 'out', 'book.pdf'));
    await link(path.join(victim, 'book.html'), path.join(book, 'out', 'book.html'));
    await writeFileSafely(book, path.join(book, 'out', 'book.pdf'), 'new pdf');
    await writeFileSafely(book, path.join(book, 'out', 'book.html'), 'new html');
    expect(await isLink(path.join(book, 'out', 'book.pdf'))).toBe(false);
    expect(await readFile(path.join(book, 'out', 'book.pdf'), 'utf8')).toBe('new pdf');
    expect(await readFile(path.join(book, 'out', 'book.html'), 'utf8')).toBe('new html');
    // No temporary file left behind.
    expect((await readdir(path.join(book, 'out'))).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    await victimUnchanged();
  });

  it('creates only where nothing is, not even a broken link', async () => {
    const book = await makeBook();
    await symlink(path.join(victim, 'nothing-yet.txt'), path.join(book, 'new.txt'));
    expect(await createFileSafely(book, path.join(book, 'new.txt'), 'x')).toBe(false);
    await victimUnchanged();
  });

  it('keeps a replaced file\'s mode and owner', async () => {
    const book = await makeBook();
    const file = path.join(book, 'manuscripts', 'a.md');
    await chmod(file, 0o600);
    const root = process.getuid?.() === 0;
    if (root) await chown(file, 4321, 4321);
    await replaceFileContents(book, file, 'new');
    const info = await stat(file);
    expect(info.mode & 0o777).toBe(0o600);
    if (root) expect([info.uid, info.gid]).toEqual([4321, 4321]);
  });

  it('deletes a link as a link; deletes only what it recorded as its own', async () => {
    const book = await makeBook();
    const dir = path.join(book, 'out', 'proof');
    await mkdir(dir);
    await symlink(path.join(victim, 'precious.txt'), path.join(dir, 'page-002.png'));
    await writeFile(path.join(dir, 'page-003.png'), 'not recorded');
    await recordOwned(book, dir, ['page-001.png', 'page-002.png']);
    await writeFile(path.join(dir, 'page-001.png'), 'ours');
    // A record planted by the book folder's author, naming files outside.
    const planted = path.join(book, 'out', 'diff');
    await mkdir(planted);
    await writeFile(path.join(planted, OWNED_FILE), JSON.stringify({ files: ['../../../victim/precious.txt', path.join(victim, 'book.pdf'), '..', 'sub/deep.txt'] }));
    expect(await pruneOwned(book, planted, [])).toEqual([]);
    expect(await pruneOwned(book, dir, [], (name) => name.startsWith('page-'))).toEqual(['page-001.png', 'page-002.png']);
    expect((await readdir(dir)).sort()).toEqual([OWNED_FILE, 'page-003.png']);
    await symlink(victim, path.join(book, 'out', 'linked'));
    await removeFile(book, path.join(book, 'out', 'linked', 'precious.txt'));
    await victimUnchanged();
  });
});

describe('what Chromium may read', () => {
  it('is the real folders of the book, never a link\'s target (out/.fonts → a folder outside let a template print a file from there)', async () => {
    const book = await makeBook();
    const fonts = path.join(book, 'out', FONT_CACHE);
    await symlink(victim, fonts);
    expect(isAllowedUrl(pathToFileURL(path.join(victim, 'precious.txt')).href, [fonts])).toBe(false);
    expect(isAllowedUrl(pathToFileURL(path.join(fonts, 'precious.txt')).href, [fonts])).toBe(false);
    await expect(readableFolders(book, path.join(book, 'out'), [fonts])).rejects.toThrow(/out\/\.fonts is a symbolic link/);
    await rm(fonts);
    const folders = await readableFolders(book, path.join(book, 'out'), [fonts]);
    expect(isAllowedUrl(pathToFileURL(path.join(fonts, 'x.ttf')).href, folders)).toBe(true);
  });
});

describe('out/ with links planted at every fixed name', () => {
  it('a build refuses out/.fonts or out/.history as a link before anything is printed, and out/ itself', async () => {
    for (const name of ['.fonts', '.history']) {
      const book = await makeBook();
      await symlink(victim, path.join(book, 'out', name));
      expect((await thrown(Staging.open(path.join(book, 'out')))).message).toMatch(new RegExp(`out/\\${name} is a symbolic link`));
      const built = await run(['build', book]);
      expect(built.code).toBe(1);
      expect(built.err).toMatch(new RegExp(`error: .*out/\\${name} is a symbolic link`));
      expect(built.err).not.toMatch(/crashed|\n\s+at /);
    }
    const book = await makeBook();
    await rm(path.join(book, 'out'), { recursive: true });
    await symlink(victim, path.join(book, 'out'));
    expect((await run(['build', book])).err).toMatch(/out is a symbolic link/);
    await victimUnchanged();
  });

  it('the font cache: a linked .fonts is refused; pruning deletes nothing it did not record (it deleted every .ttf there)', async () => {
    const book = await makeBook();
    const cache = path.join(book, 'out', FONT_CACHE);
    await symlink(victim, cache);
    const faces = bookFaces(['Noto Sans SC']).slice(0, 1);
    await expect(subsetFaces(faces, '甲', cache)).rejects.toThrow(/\.fonts is a symbolic link/);
    await expect(pruneFontCache(cache, [])).rejects.toThrow(/\.fonts is a symbolic link/);
    await victimUnchanged();
  });

  it('commits replace a planted link at an output name; the link goes to .history as a link', async () => {
    const book = await makeBook();
    const out = path.join(book, 'out');
    await symlink(path.join(victim, 'book.pdf'), path.join(out, 'book.pdf'));
    const staging = await Staging.open(out);
    await staging.write('book.pdf', 'new');
    await staging.commit(['book.pdf'], { keepPrevious: ['book.pdf'] });
    await staging.dispose();
    expect(await readFile(path.join(out, 'book.pdf'), 'utf8')).toBe('new');
    expect(await isLink(path.join(out, '.history', 'book.pdf'))).toBe(true);
    await victimUnchanged();
  });

  it('a planted commit journal naming files outside the folder is not replayed (it moved a book file over a file outside)', async () => {
    const book = await makeBook();
    const out = path.join(book, 'out');
    const staging = '.paiban-build-999999999-abc';
    await mkdir(path.join(out, staging));
    // For a name n, recovery moved out/<staging>/n (here: <book>/victim/precious.txt, the attacker's)
    // over out/n (here: the victim beside the book), after moving that aside to out/<staging>/.previous/n.
    const n = `../../${path.basename(victim)}/precious.txt`;
    await mkdir(path.join(book, path.basename(victim)));
    await writeFile(path.join(book, path.basename(victim), 'precious.txt'), 'evil');
    await mkdir(path.join(out, path.basename(victim)));
    for (const names of [[n], ['/etc/passwd'], ['..']]) {
      await writeFile(path.join(out, `${staging}.commit.json`), JSON.stringify({ staging, names, keepPrevious: names }));
      await recoverOutputs(out);
      await mkdir(path.join(out, staging), { recursive: true });
    }
    await writeFile(path.join(out, `${staging}.commit.json`), JSON.stringify({ staging: `../../${path.basename(victim)}`, names: ['precious.txt'], keepPrevious: [] }));
    await recoverOutputs(out);
    expect(await readFile(path.join(book, path.basename(victim), 'precious.txt'), 'utf8')).toBe('evil');
    expect((await readdir(out)).filter((name) => name.endsWith('.commit.json'))).toEqual([]);
    await victimUnchanged();
  });

  it('a named pipe as the journal or the lock\'s pid, or the lock as a link, neither hangs nor leaks', async () => {
    const book = await makeBook();
    const out = path.join(book, 'out');
    execFileSync('mkfifo', [path.join(out, '.paiban-build-999999999-x.commit.json')]);
    await mkdir(path.join(out, '.paiban-build-999999999-x'));
    await mkdir(path.join(out, '.paiban-commit.lock'));
    execFileSync('mkfifo', [path.join(out, '.paiban-commit.lock', 'pid')]);
    const old = new Date(Date.now() - 3_600_000);
    await utimes(path.join(out, '.paiban-commit.lock'), old, old);
    const staging = await Staging.open(out);
    await staging.write('book.pdf', 'new');
    await staging.commit(['book.pdf']);
    await staging.dispose();
    // The lock as a link to a folder outside, holding a live pid (1): stale by age, unlinked as a link.
    await symlink(victim, path.join(out, '.paiban-commit.lock'));
    execFileSync('touch', ['-h', '-d', '1 hour ago', path.join(out, '.paiban-commit.lock')]);
    const again = await Staging.open(out);
    await again.write('book.pdf', 'newer');
    await again.commit(['book.pdf']);
    await again.dispose();
    expect(await readFile(path.join(out, 'book.pdf'), 'utf8')).toBe('newer');
    await victimUnchanged();
  });

  it('the layout guess, the comments record and a staging folder that is a link', async () => {
    const book = await makeBook();
    const out = path.join(book, 'out');
    const layout = path.join(out, '.book-horizontal.layout.json');
    await symlink(path.join(victim, 'precious.txt'), layout);
    await writeLayoutCache(layout, { firstBodyPage: 5, blanks: new Set() });
    expect(await isLink(layout)).toBe(false);
    await symlink(path.join(victim, 'comments.json'), path.join(out, 'comments.json'));
    await writeCommentsRecord(book, recordImport([], [], 'marked.pdf', new Date(0)));
    expect(await isLink(path.join(out, 'comments.json'))).toBe(false);
    await symlink(victim, path.join(out, '.paiban-build-999999999-linked'));
    await recoverOutputs(out);
    expect((await readdir(out)).some((name) => name.includes('linked'))).toBe(false);
    await victimUnchanged();
  });
});

describe('the fixed names of proof and diff, and the built PDFs they read', () => {
  it('page images and the index replace planted links; a linked proof folder is refused', async () => {
    const book = await makeBook();
    const proof = path.join(book, 'out', 'proof');
    await mkdir(proof);
    await writeFile(path.join(book, 'out', 'book.pdf'), onePagePdf());
    await symlink(path.join(victim, 'page-001.png'), path.join(proof, 'page-001.png'));
    await symlink(path.join(victim, 'index.html'), path.join(proof, 'index.html'));
    // A page image of the user's own, never recorded by paiban: not a stale page to delete.
    await writeFile(path.join(proof, 'page-002.png'), 'the user\'s');
    const images = await renderPageImages(path.join(book, 'out', 'book.pdf'), proof, { dpi: 20, root: book });
    await writeProofIndex(proof, { title: 't', pages: images }, book);
    expect(await isLink(path.join(proof, 'page-001.png'))).toBe(false);
    expect(await isLink(path.join(proof, 'index.html'))).toBe(false);
    expect(await readFile(path.join(proof, 'page-002.png'), 'utf8')).toBe('the user\'s');
    await rm(proof, { recursive: true });
    await symlink(victim, proof);
    await expect(renderPageImages(path.join(book, 'out', 'book.pdf'), proof, { dpi: 20, root: book })).rejects.toThrow(/out\/proof is a symbolic link/);
    await victimUnchanged();
  });

  it('proof and diff refuse a built PDF that is a link out of the book (it put a file from elsewhere into the proofs)', async () => {
    const book = await makeBook();
    await writeFile(path.join(victim, '..', 'elsewhere.pdf'), onePagePdf());
    await symlink(path.join(victim, '..', 'elsewhere.pdf'), path.join(book, 'out', 'book.pdf'));
    const proof = await run(['proof', book]);
    expect(proof.code).toBe(1);
    expect(proof.err).toMatch(/The built PDF "out\/book.pdf" is a link to a file outside the book folder/);
    await rm(path.join(book, 'out', 'book.pdf'));
    await writeFile(path.join(book, 'out', 'book.pdf'), onePagePdf());
    await mkdir(path.join(book, 'out', '.history'));
    await symlink(path.join(victim, '..', 'elsewhere.pdf'), path.join(book, 'out', '.history', 'book.pdf'));
    const diff = await run(['diff', '-d', book]);
    expect(diff.err).toMatch(/The previous build's PDF "out\/.history\/book.pdf" is a link to a file outside the book folder/);
    await victimUnchanged();
  });

  it('diff of two PDFs beside the user\'s own diff images deletes none of them', async () => {
    const dir = await mkdtemp(path.join(work, 'pdfs-'));
    await writeFile(path.join(dir, 'a.pdf'), onePagePdf());
    await writeFile(path.join(dir, 'b.pdf'), onePagePdf());
    await mkdir(path.join(dir, 'diff'));
    await writeFile(path.join(dir, 'diff', 'diff-001.png'), 'mine');
    expect((await run(['diff', path.join(dir, 'a.pdf'), path.join(dir, 'b.pdf')])).code).toBe(0);
    expect(await readFile(path.join(dir, 'diff', 'diff-001.png'), 'utf8')).toBe('mine');
  });
});

describe('the temporary names of earlier versions, planted as links', () => {
  const pid = process.pid;

  it('check --fix and comments --apply write beside the manuscript under a fresh name, keep its mode, leave no link', async () => {
    const book = await makeBook('---\ntitle: 章\n---\n\n今天,我们开会.\n');
    const file = path.join(book, 'manuscripts', 'a.md');
    await chmod(file, 0o600);
    for (const name of [`.a.md.paiban-${pid}.tmp`, `.a.md.paiban-fix-${pid}`]) await symlink(path.join(victim, 'precious.txt'), path.join(book, 'manuscripts', name));
    expect((await run(['check', '--fix', '-d', book])).err).not.toMatch(/crashed/);
    expect(await readFile(file, 'utf8')).toContain('今天，我们开会。');
    const raw = await readFile(file, 'utf8');
    const source = sourceTextOf('manuscripts/a.md', file, raw, true);
    const at = raw.indexOf('开会');
    const [outcome] = await applyFixes([{ kind: 'replace', source, start: at, end: at + 2, expect: '开会', insert: '座谈' }], book);
    expect(outcome!.applied).toBe(true);
    expect(await isLink(file)).toBe(false);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readFile(file, 'utf8')).toContain('我们座谈');
    await victimUnchanged();
  });

  it('impose and import write under a fresh name; import refuses a linked manuscripts/ of a book', async () => {
    const dir = await mkdtemp(path.join(work, 'impose-'));
    await writeFile(path.join(dir, 'in.pdf'), onePagePdf());
    for (const name of [`in-booklet.pdf.paiban-${pid}`, 'in-booklet.pdf']) await symlink(path.join(victim, 'book.pdf'), path.join(dir, name));
    expect((await run(['impose', path.join(dir, 'in.pdf')])).code).toBe(0);
    expect(await isLink(path.join(dir, 'in-booklet.pdf'))).toBe(false);

    const book = await makeBook();
    await writeFile(path.join(book, 'raw.txt'), '标题\n\n正文一段。\n');
    await symlink(path.join(victim, 'precious.txt'), path.join(book, 'manuscripts', `b.md.paiban-import-${pid}`));
    expect((await run(['import', path.join(book, 'raw.txt'), '-o', path.join(book, 'manuscripts', 'b.md')])).code).toBe(0);
    await rm(path.join(book, 'manuscripts'), { recursive: true });
    await symlink(victim, path.join(book, 'manuscripts'));
    const linked = await run(['import', path.join(book, 'raw.txt'), '-o', path.join(book, 'manuscripts', 'c.md')]);
    expect(linked.code).toBe(1);
    expect(linked.err).toMatch(/manuscripts is a symbolic link/);
    await victimUnchanged();
  });

  it('init refuses linked manuscripts/ or images/ before it writes anything', async () => {
    for (const folder of ['manuscripts', 'images']) {
      const dir = await mkdtemp(path.join(work, 'init-'));
      await symlink(victim, path.join(dir, folder));
      const result = await run(['init', dir]);
      expect(result.code).toBe(1);
      expect(result.err).toMatch(new RegExp(`${folder} is a symbolic link`));
      expect(await readdir(dir)).toEqual([folder]);
    }
    await victimUnchanged();
  });
});

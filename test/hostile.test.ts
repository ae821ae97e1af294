/**
 * Hostile inputs, unit level: every class of issue 13 that needs no Chromium. Each test feeds what an
 * attacker (or a bad day) brings and asserts one plain message, or that the value stays inert text.
 */
import { spawn } from 'node:child_process';
import { chmod, cp, lstat, mkdir, mkdtemp, readFile, readdir, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parse } from 'parse5';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { loadConfig, parseConfig } from '../src/config/load.js';
import { loadManuscripts } from '../src/manuscript/load.js';
import { parseManuscript } from '../src/manuscript/parse.js';
import { checkManuscript } from '../src/check/check.js';
import { importText } from '../src/normalize/import.js';
import { transformManuscript } from '../src/pipeline/transform.js';
import { checkImagePath } from '../src/files/images.js';
import { loadShell, renderBookHtml } from '../src/render/book.js';
import { readAsset } from '../src/render/template.js';
import { isAllowedUrl } from '../src/pdf/print.js';
import { xmpPacket, xmpProblem, readXmp } from '../src/archive/xmp.js';
import { cssString, htmlText, terminalText, xmlText } from '../src/util/escape.js';
import { COMMIT_PAUSE_ENV, recoverOutputs, Staging } from '../src/files/staging.js';
import { CHROMIUM_ARGS } from '../src/pdf/chromium.js';
import { isPaibanError, PaibanError } from '../src/util/errors.js';
import { brokenPdfs, onePagePdf } from './helpers/hostile-pdfs.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5d0d2b20000000049454e44ae426082', 'hex');
/** The title of issue 13: it ends the <style> element, links out and frames a file. */
const PAYLOAD = `x</style><a href='https://evil.example/p'>点此</a><iframe src='../../leak'></iframe><style>`;
/** More ways out of each context: attribute quotes, CSS escapes and comments, XML markup, a script. */
const PAYLOADS = [PAYLOAD, `"'><script>alert(1)</script>`, `\\"; } body { display:none } /*`, `]]><!-- <x:evil/> -->&amp;`, `</title><img src=x>`];

let work: string;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'paiban-hostile-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** A fresh book folder: book.yaml, one manuscript, one image. */
async function makeBook(options: { yaml?: string; manuscript?: string } = {}): Promise<string> {
  const dir = await mkdtemp(path.join(work, 'book-'));
  await mkdir(path.join(dir, 'manuscripts'));
  await mkdir(path.join(dir, 'images'));
  await writeFile(path.join(dir, 'book.yaml'), options.yaml ?? 'title: 书\n');
  await writeFile(path.join(dir, 'manuscripts', 'a.md'), options.manuscript ?? '---\ntitle: 第一章\n---\n\n正文。\n');
  await writeFile(path.join(dir, 'images', 'p.png'), PNG);
  return dir;
}

async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (line) => out.push(line), err: (line) => err.push(line) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

async function thrown(promise: Promise<unknown> | (() => unknown)): Promise<PaibanError> {
  try {
    await (typeof promise === 'function' ? promise() : promise);
  } catch (error) {
    if (isPaibanError(error)) return error;
    throw error;
  }
  throw new Error('expected a PaibanError, nothing was thrown');
}

/** The elements of an HTML document, by tag name, as parse5 (the HTML parser browsers follow) sees them. */
function elements(html: string): { tag: string; attrs: Record<string, string> }[] {
  const found: { tag: string; attrs: Record<string, string> }[] = [];
  const stack: unknown[] = [parse(html)];
  while (stack.length) {
    const node = stack.pop() as { tagName?: string; attrs?: { name: string; value: string }[]; childNodes?: unknown[]; content?: { childNodes?: unknown[] } };
    if (node.tagName) found.push({ tag: node.tagName, attrs: Object.fromEntries((node.attrs ?? []).map((a) => [a.name, a.value])) });
    stack.push(...(node.childNodes ?? []), ...(node.content?.childNodes ?? []));
  }
  return found;
}

describe('1. values from book.yaml and front matter stay text in every context', () => {
  it('a CSS string literal holds no character that ends it or the <style> element', () => {
    for (const payload of PAYLOADS) {
      const literal = cssString(payload);
      expect(literal.slice(1, -1)).not.toMatch(/["'<>\n]|\\(?![0-9a-f]{1,6} )/);
    }
  });

  it('renders a book whose every text key of book.yaml and front matter is hostile with no injected element', async () => {
    for (const payload of PAYLOADS) {
      const quoted = JSON.stringify(payload);
      const yaml = ['title', 'subtitle', 'editor', 'publisher', 'description', 'rights'].map((key) => `${key}: ${quoted}`).join('\n') + `\nkeywords: [${quoted}]\ntoc:\n  title: ${quoted}\n`;
      const manuscript = `---\n${['title', 'subtitle', 'author', 'byline'].map((key) => `${key}: ${quoted}`).join('\n')}\n---\n\n## ${payload.replace(/[<>]/g, '')}\n\n正文。\n`;
      const book = await makeBook({ yaml, manuscript });
      const { config, bookDir } = await loadConfig(book);
      const [loaded] = await loadManuscripts(bookDir, config);
      const chapter = await transformManuscript(loaded!, { id: 'ch1', bookDir });
      const html = renderBookHtml(await loadShell(bookDir, config), { config, chapters: [chapter], date: '2024-01-01', generator: 'paiban' });
      const found = elements(html);
      expect(found.filter((e) => ['iframe', 'script', 'img', 'object', 'embed'].includes(e.tag)), payload).toEqual([]);
      // Links only inside the book (a URL in the heading text becomes an <a> whose href the sanitizer drops).
      expect(found.filter((e) => e.tag === 'a' && e.attrs.href !== undefined && !e.attrs.href.startsWith('#')), payload).toEqual([]);
      // Exactly the template's three <style> elements: none ended early, none opened by a value.
      expect(found.filter((e) => e.tag === 'style')).toHaveLength(3);
      expect(found.filter((e) => e.tag === 'title')).toHaveLength(1);
    }
  });

  it('writes XMP that stays well-formed and reads back the same text, whatever the title', () => {
    for (const payload of [...PAYLOADS, 'a\u0001b\uffffc\ud800']) {
      const packet = xmpPacket({ title: payload, author: payload, subject: payload, keywords: [payload], language: 'zh-Hans', creator: 'c', producer: 'p', date: new Date(0) }, { part: 3, conformance: 'B' });
      expect(xmpProblem(packet), payload).toBeUndefined();
      expect(packet).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
      if (!/[\u0000-\u001f\ud800-\udfff\uffff]/.test(payload)) expect(readXmp(packet).title).toBe(payload);
    }
    expect(xmlText('<a & "b">')).toBe('&lt;a &amp; &quot;b&quot;&gt;');
    expect(htmlText(`<a href='x'>`)).toBe('&lt;a href=&#39;x&#39;&gt;');
  });
});

describe('10. terminal escapes: every message shows control characters, never sends them', () => {
  it('escapes ESC, other C0/C1 controls and bidi overrides', () => {
    expect(terminalText('a\u001b]0;pwned\u0007b\u001b[2Jc\u009bd\u202ee\nf\tg')).toBe('a\\x1b]0;pwned\\x07b\\x1b[2Jc\\x9bd\\u202ee\nf\tg');
  });

  it('a front-matter key with an ESC sequence is reported escaped by `paiban check`', async () => {
    const book = await makeBook({ manuscript: '---\ntitle: 章\n"\u001b]0;pwned\u0007\u001b[2J": 1\n---\n\n正文。\n' });
    const result = await run(['check', '-d', book]);
    expect(result.out + result.err).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    expect(result.out).toContain('\\x1b]0;pwned\\x07\\x1b[2J');
  });

  it('a control character in a book.yaml value is refused at the source, with its line', () => {
    const error = (() => {
      try {
        parseConfig('title: 书\nsubtitle: "a\\u001b[2Jb"\n', 'book.yaml');
      } catch (e) {
        return e as PaibanError;
      }
      throw new Error('accepted');
    })();
    expect(error.format()).toMatch(/^book\.yaml:2:\d+: "subtitle": contains a control character/);
  });
});

describe('2. real paths: a symlink that leads out of the book is refused, one inside is followed', () => {
  it('refuses a template or stylesheet override linked to a file outside the book', async () => {
    const book = await makeBook();
    await mkdir(path.join(book, 'templates'));
    await mkdir(path.join(book, 'styles'));
    await symlink('/etc/passwd', path.join(book, 'templates', 'colophon.html'));
    await symlink('/etc/hostname', path.join(book, 'styles', 'book.css'));
    expect((await thrown(readAsset(book, 'templates', 'colophon.html'))).message).toMatch(/^The template "templates\/colophon.html" is a link to a file outside the book folder/);
    expect((await thrown(readAsset(book, 'styles', 'book.css'))).message).toMatch(/^The stylesheet "styles\/book.css" is a link to a file outside the book folder/);
  });

  it('reads a symlinked manuscript that stays inside the book, refuses one that leads out', async () => {
    const book = await makeBook();
    await mkdir(path.join(book, 'drafts'));
    await writeFile(path.join(book, 'drafts', 'b.md'), '---\ntitle: 第二章\norder: 2\n---\n\n链接的稿件。\n');
    await symlink('../drafts/b.md', path.join(book, 'manuscripts', 'b.md'));
    const { config, bookDir } = await loadConfig(book);
    expect((await loadManuscripts(bookDir, config)).map((m) => m.meta.title).sort()).toEqual(['第一章', '第二章']);
    await symlink('/etc/hostname', path.join(book, 'manuscripts', 'c.md'));
    expect((await thrown(loadManuscripts(bookDir, config))).message).toMatch(/"manuscripts\/c.md" is a link to a file outside the book folder/);
    // book.yaml itself.
    const other = await makeBook();
    await rm(path.join(other, 'book.yaml'));
    await symlink('/etc/hostname', path.join(other, 'book.yaml'));
    expect((await thrown(loadConfig(other))).message).toMatch(/^The settings file "book.yaml" is a link to a file outside the book folder/);
  });

  it('refuses a request for a file reached through a symlink out of the allowed folders', async () => {
    const book = await makeBook();
    await symlink('/etc', path.join(book, 'images', 'etc'));
    await symlink('/etc/passwd', path.join(book, 'images', 'passwd.png'));
    expect(isAllowedUrl(pathToFileURL(path.join(book, 'images', 'p.png')).href, [book])).toBe(true);
    expect(isAllowedUrl(pathToFileURL(path.join(book, 'images', 'passwd.png')).href, [book])).toBe(false);
    expect(isAllowedUrl(pathToFileURL(path.join(book, 'images', 'etc', 'passwd')).href, [book])).toBe(false);
    expect(isAllowedUrl(pathToFileURL(path.join(book, 'images', 'etc', 'no-such-file')).href, [book])).toBe(false);
  });

  it('a named pipe in the book is refused, not waited on', async () => {
    const book = await makeBook({ yaml: 'title: 书\nmanuscripts: [manuscripts/a.md]\n' });
    await rm(path.join(book, 'manuscripts', 'a.md'));
    await new Promise<void>((resolve, reject) => spawn('mkfifo', [path.join(book, 'manuscripts', 'a.md')]).on('exit', (code) => (code === 0 ? resolve() : reject(new Error('mkfifo')))));
    const { config, bookDir } = await loadConfig(book);
    expect((await thrown(loadManuscripts(bookDir, config))).message).toMatch(/is not a regular file/);
  });
});

describe('3. Chromium is launched without any network', () => {
  it('maps every host to nothing and sends everything else to a proxy that cannot resolve', () => {
    expect(CHROMIUM_ARGS).toContain('--host-resolver-rules=MAP * ~NOTFOUND');
    expect(CHROMIUM_ARGS.some((arg) => /^--proxy-server=http:\/\/[^/]+\.invalid:\d+$/.test(arg))).toBe(true);
    expect(CHROMIUM_ARGS).toContain('--proxy-bypass-list=<-loopback>');
  });
});

describe('4. crash-free: one line instead of a stack trace', () => {
  it('an image whose name holds a % is found (and a %20 is a space)', async () => {
    const book = await makeBook();
    await writeFile(path.join(book, 'images', '100%.png'), PNG);
    await writeFile(path.join(book, 'images', 'a b.png'), PNG);
    expect(checkImagePath('images/100%.png', book, book)).toEqual({ file: path.join(book, 'images', '100%.png') });
    expect(checkImagePath('images/a%20b.png', book, book)).toEqual({ file: path.join(book, 'images', 'a b.png') });
    expect(checkImagePath('images/%E0%A4%A.png', book, book)).toMatchObject({ problem: { reason: expect.stringMatching(/does not exist/) } });
    const manuscript = '---\ntitle: 章\n---\n\n<img src="../images/100%.png">\n\n::figure[图]{src="../images/100%.png"}\n';
    const parsed = parseManuscript(manuscript, path.join(book, 'manuscripts', 'a.md'));
    await expect(transformManuscript({ file: path.join(book, 'manuscripts', 'a.md'), name: 'manuscripts/a.md', ...parsed }, { id: 'ch1', bookDir: book })).resolves.toBeTruthy();
  });

  it('YAML alias bombs in book.yaml and front matter are refused', async () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]', ...Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9).fill(`*${String.fromCharCode(97 + i)}`).join(',')}]`)].join('\n');
    expect((await thrown(() => parseConfig(`title: 书\n${bomb}\n`, 'book.yaml'))).message).toMatch(/too many YAML aliases/);
    expect((await thrown(() => parseManuscript(`---\ntitle: 章\n${bomb}\n---\n\n正文。\n`, 'a.md'))).message).toMatch(/too many YAML aliases/);
  });

  it('a date that is no day of the calendar is refused with its line', async () => {
    for (const date of ['2024-13-45', '2023-02-29', '2024-00-10']) {
      expect((await thrown(() => parseConfig(`title: 书\ndate: ${date}\n`, 'book.yaml'))).format()).toMatch(/^book\.yaml:2:\d+: "date": is not a day of the calendar/);
    }
    expect(parseConfig('title: 书\ndate: 2024-02-29\n', 'book.yaml').date).toBe('2024-02-29');
  });

  it('3,000 nested > or <div> in a manuscript is one message (build, check, import)', async () => {
    for (const body of ['>'.repeat(3000) + ' 深\n', '<div>'.repeat(3000) + '深' + '</div>'.repeat(3000) + '\n']) {
      const text = `---\ntitle: 章\n---\n\n${body}`;
      expect((await thrown(() => parseManuscript(text, 'a.md'))).format()).toMatch(/^a\.md:5: (Lists or quotes|HTML elements) are nested/);
      const checked = checkManuscript(text, 'a.md', work);
      expect(checked.messages.map((m) => [m.line, m.fatal])).toEqual([[5, true]]);
      expect(() => importText(`标题\n\n${body}`)).not.toThrow();
    }
  });

  it('`manuscripts: [manuscripts]` (a folder) and `paiban check .` give one line', async () => {
    const book = await makeBook({ yaml: 'title: 书\nmanuscripts: [manuscripts]\n' });
    const { config, bookDir } = await loadConfig(book);
    expect((await thrown(loadManuscripts(bookDir, config))).message).toBe('Manuscript "manuscripts" is a folder, not a file.');
    const listed = await run(['check', '-d', book]);
    expect(listed.code).toBe(1);
    expect(listed.err.split('\n')[0]).toMatch(/^error: .*Manuscript "manuscripts" is a folder, not a file\.$/);
    const plain = await makeBook();
    const dot = await run(['check', plain]);
    expect(dot.err).not.toMatch(/crashed|EISDIR/);
    expect(dot.code).toBe(0);
  });

  it.each(Object.keys(brokenPdfs()))('impose and verify on a PDF that is %s: one error line, exit 1', async (kind) => {
    const file = path.join(work, `${kind.replace(/ /g, '-')}.pdf`);
    await writeFile(file, brokenPdfs()[kind]!);
    for (const command of ['impose', 'verify']) {
      const result = await run([command, file, ...(command === 'impose' ? ['-o', `${file}-booklet.pdf`] : [])]);
      expect(result.err, `${command} ${kind}`).not.toMatch(/crashed|    at |Trying to parse|ignoreEncryption/);
      if (command === 'impose' || result.code !== 1 || result.err) {
        expect(result.code, `${command} ${kind}: ${result.err}`).toBe(1);
        expect(result.err.split('\n').filter((line) => line.startsWith('error: ')), `${command} ${kind}`).toHaveLength(1);
      }
    }
  });

  it('impose names an encrypted PDF for what it is', async () => {
    const file = path.join(work, 'locked.pdf');
    await writeFile(file, brokenPdfs().encrypted!);
    const result = await run(['impose', file]);
    expect(result.err).toMatch(/^error: The input is encrypted \(password-protected or restricted\); paiban cannot change it\.\n {2}hint: .*qpdf --decrypt/);
    expect(result.err).not.toMatch(/PDFDocument|ignoreEncryption/);
    // The healthy base of the broken files imposes fine: the tests break files, not the reader.
    await writeFile(file, onePagePdf());
    expect((await run(['impose', file])).code).toBe(0);
  });
});

/**
 * Runs paiban in a child process as the user nobody when the tests run as root (root reads every
 * file whatever its mode, so an unreadable file can only be shown to another user).
 */
function runAsUser(args: string[]): Promise<{ code: number | null; err: string }> {
  const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(repo, 'bin', 'paiban.js'), ...args], { ...asNobody, env: { ...process.env, HOME: tmpdir() } });
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('exit', (code) => resolve({ code, err }));
  });
}

describe('4/11. unreadable files (EACCES) are named for what they are', () => {
  let books: string;
  beforeAll(async () => {
    // A folder nobody may enter and read, as the books below.
    books = await mkdtemp(path.join(tmpdir(), 'paiban-eacces-'));
    await chmod(books, 0o755);
  });
  afterAll(async () => {
    await rm(books, { recursive: true, force: true });
  });

  async function unreadable(file: string, command: 'check' | 'build'): Promise<string> {
    const dir = await mkdtemp(path.join(books, 'b-'));
    await cp(await makeBook({ manuscript: '---\ntitle: 章\n---\n\n::figure[图]{src="../images/p.png"}\n\n正文。\n' }), dir, { recursive: true });
    await mkdir(path.join(dir, 'styles'), { recursive: true });
    await writeFile(path.join(dir, 'styles', 'book.css'), 'body {}\n');
    await chmod(dir, 0o755);
    for (const sub of ['manuscripts', 'images', 'styles']) await chmod(path.join(dir, sub), 0o755);
    for (const f of ['book.yaml', 'manuscripts/a.md', 'images/p.png', 'styles/book.css']) await chmod(path.join(dir, f), 0o644);
    await chmod(path.join(dir, file), 0o000);
    const result = await runAsUser(command === 'check' ? ['check', '-d', dir] : ['build', dir, '-o', path.join(books, 'out-' + path.basename(dir))]);
    expect(result.err).not.toMatch(/crashed|    at /);
    expect(result.code).toBe(1);
    return result.err;
  }

  it('a manuscript', async () => {
    expect(await unreadable('manuscripts/a.md', 'check')).toMatch(/error: .*Manuscript "manuscripts\/a.md" cannot be read: permission denied\./);
  });
  it('an image', async () => {
    expect(await unreadable('images/p.png', 'check')).toMatch(/Image "images\/p.png" cannot be read: permission denied/);
  });
  it('book.yaml (not "No book.yaml")', async () => {
    const err = await unreadable('book.yaml', 'check');
    expect(err).toMatch(/error: .*The settings file "book.yaml" cannot be read: permission denied\./);
    expect(err).not.toMatch(/No book.yaml/);
  });
  it('book.css (not "is missing")', async () => {
    const err = await unreadable('styles/book.css', 'build');
    expect(err).toMatch(/error: .*The stylesheet "styles\/book.css" cannot be read: permission denied\./);
    expect(err).not.toMatch(/missing/);
  });
});

describe('5. limits: bounded time and memory, with clear messages', () => {
  it('`check` of a list nested 1,500 deep answers at once', () => {
    const text = '---\ntitle: 章\n---\n\n' + Array.from({ length: 1500 }, (_, i) => `${' '.repeat(i * 2)}- 项\n`).join('');
    const checked = checkManuscript(text, 'a.md', work);
    expect(checked.messages).toHaveLength(1);
    expect(checked.messages[0]!.reason).toMatch(/nested about 33 levels deep here; paiban accepts at most 32/);
  });

  it('`import` of 50,000 lines with no sentence end takes linear time (it took minutes)', () => {
    const raw = '标题在这里\n\n' + Array.from({ length: 50_000 }, (_, i) => (i % 3 === 2 ? '' : `这是第${i}行的文字，内容没有结束`)).join('\n') + '\n';
    const result = importText(raw);
    expect(result.markdown.length).toBeGreaterThan(raw.length / 2);
  }, 120_000);

  it('a book.yaml over 1 MB is refused before it is parsed', async () => {
    const book = await makeBook();
    await writeFile(path.join(book, 'book.yaml'), `title: 书\ndescription: "${'很'.repeat(400_000)}"\n`);
    expect((await thrown(loadConfig(book))).message).toMatch(/^The settings file "book.yaml" is 1\.1 MB; at most 1\.0 MB is accepted\.$/);
  });
});

describe('6. outputs are committed whole', () => {
  const NAMES = ['book.pdf', 'book.html', 'book-cover.pdf', 'book.manifest.json'];

  async function outWith(content: string): Promise<string> {
    const out = await mkdtemp(path.join(work, 'out-'));
    for (const name of NAMES) await writeFile(path.join(out, name), content);
    return out;
  }
  async function contents(out: string): Promise<string[]> {
    return Promise.all(
      NAMES.map(async (name) => {
        const file = path.join(out, name);
        if (!existsSync(file)) return 'MISSING';
        return (await stat(file)).isDirectory() ? 'FOLDER' : readFile(file, 'utf8');
      }),
    );
  }

  it('a build killed at any moment of its commit leaves out/ wholly old or (completed by the next run) wholly new', async () => {
    const seen = new Set<string>();
    for (let round = 0; round < 6; round += 1) {
      const out = await outWith('old');
      const script = `
        import { Staging } from ${JSON.stringify(pathToFileURL(path.join(repo, 'dist/files/staging.js')).href)};
        const staging = await Staging.open(${JSON.stringify(out)});
        for (const name of ${JSON.stringify(NAMES)}) await staging.write(name, 'new');
        process.stdout.write('committing\\n');
        await staging.commit(${JSON.stringify(NAMES)}, { keepPrevious: ['book.pdf'] });
        process.stdout.write('done\\n');`;
      const child = spawn(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, PAIBAN_TEST_COMMIT_PAUSE_MS: '40' } });
      // Listened for from the start: a late round may find the commit already finished.
      const exited = new Promise((resolve) => child.on('exit', resolve));
      await new Promise<void>((resolve) => {
        child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('committing') && resolve());
        void exited.then(() => resolve());
      });
      // 8 renames 40 ms apart: kill somewhere from before the journal to after the last one.
      await new Promise((resolve) => setTimeout(resolve, round * 70));
      child.kill('SIGKILL');
      await exited;
      await recoverOutputs(out);
      const after = await contents(out);
      expect(new Set(after).size, `round ${round}: ${after.join(',')}`).toBe(1);
      seen.add(after[0]!);
      expect((await readdir(out)).filter((name) => name.startsWith('.paiban-build-'))).toEqual([]);
      if (after[0] === 'new') expect(await readFile(path.join(out, '.history', 'book.pdf'), 'utf8')).toBe('old');
    }
    expect([...seen].every((state) => state === 'old' || state === 'new')).toBe(true);
  }, 120_000);

  it('a commit that fails midway (a folder where an output goes) is rolled back and says so truly', async () => {
    const out = await outWith('old');
    await rm(path.join(out, 'book-cover.pdf'));
    await mkdir(path.join(out, 'book-cover.pdf'));
    const staging = await Staging.open(out);
    for (const name of NAMES) await staging.write(name, 'new');
    const error = await thrown(staging.commit(NAMES, { keepPrevious: ['book.pdf'] }));
    await staging.dispose();
    expect(error.message).toMatch(/a folder stands where an output file goes\)\. The previous outputs are unchanged\./);
    expect((await contents(out)).filter((c, i) => NAMES[i] !== 'book-cover.pdf')).toEqual(['old', 'old', 'old']);
    expect((await lstat(path.join(out, 'book-cover.pdf'))).isDirectory()).toBe(true);
    expect((await readdir(out)).filter((name) => name.startsWith('.paiban-build-'))).toEqual([]);
  });

  it('two commits into one folder at once take turns: out/ ends wholly one build, the other kept in .history', async () => {
    const out = await outWith('old');
    const [first, second] = [await Staging.open(out), await Staging.open(out)];
    for (const name of NAMES) {
      await first.write(name, 'first');
      await second.write(name, 'second');
    }
    process.env[COMMIT_PAUSE_ENV] = '20';
    try {
      // Interleaved, each commit moved aside files the other had just put in (ENOENT midway).
      await Promise.all([first.commit(NAMES, { keepPrevious: ['book.pdf'] }), second.commit(NAMES, { keepPrevious: ['book.pdf'] })]);
    } finally {
      delete process.env[COMMIT_PAUSE_ENV];
      await first.dispose();
      await second.dispose();
    }
    const now = await contents(out);
    expect(new Set(now).size).toBe(1);
    expect(['first', 'second']).toContain(now[0]);
    expect(await readFile(path.join(out, '.history', 'book.pdf'), 'utf8')).toBe(now[0] === 'first' ? 'second' : 'first');
    expect((await readdir(out)).filter((name) => name.startsWith('.paiban'))).toEqual([]);
  });

  it('removes the staging folders of killed builds, keeps those of running ones, refuses a linked out/', async () => {
    const out = await outWith('old');
    await mkdir(path.join(out, '.paiban-build-999999999-abc'));
    await mkdir(path.join(out, '.paiban-build-Xy12ab'));
    await mkdir(path.join(out, `.paiban-build-${process.ppid}-live`));
    const staging = await Staging.open(out);
    await staging.dispose();
    expect((await readdir(out)).filter((name) => name.startsWith('.paiban-build-'))).toEqual([`.paiban-build-${process.ppid}-live`]);
    const link = path.join(work, 'linked-out');
    await symlink(out, link);
    expect((await thrown(Staging.open(link))).message).toMatch(/linked-out is a symbolic link .*; paiban writes its files only into real folders, never through a link\./);
  });
});

describe('7. `check --fix` keeps what it should', () => {
  const FIXABLE = '---\ntitle: 章\n---\n\n今天,我们开会.\n';

  it('keeps the mode of a 600 manuscript', async () => {
    const book = await makeBook({ manuscript: FIXABLE });
    const file = path.join(book, 'manuscripts', 'a.md');
    await chmod(file, 0o600);
    await run(['check', '--fix', '-d', book]);
    expect(await readFile(file, 'utf8')).toContain('今天，我们开会。');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('writes through a symlinked manuscript to its target inside the book', async () => {
    const book = await makeBook();
    await mkdir(path.join(book, 'drafts'));
    await writeFile(path.join(book, 'drafts', 'a.md'), FIXABLE);
    await rm(path.join(book, 'manuscripts', 'a.md'));
    await symlink('../drafts/a.md', path.join(book, 'manuscripts', 'a.md'));
    await run(['check', '--fix', '-d', book]);
    expect((await lstat(path.join(book, 'manuscripts', 'a.md'))).isSymbolicLink()).toBe(true);
    expect(await readFile(path.join(book, 'drafts', 'a.md'), 'utf8')).toContain('今天，我们开会。');
  });

  it('a read-only folder gives one line', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'paiban-ro-'));
    try {
      await cp(await makeBook({ manuscript: FIXABLE }), dir, { recursive: true });
      await chmod(dir, 0o755);
      await chmod(path.join(dir, 'manuscripts'), 0o555);
      for (const f of ['book.yaml', 'manuscripts/a.md']) await chmod(path.join(dir, f), 0o644);
      const result = await runAsUser(['check', '--fix', '-d', dir]);
      expect(result.err).not.toMatch(/crashed|    at /);
      expect(result.err).toMatch(/^error: .*Cannot write the fixed manuscript "manuscripts\/a.md" \(its folder is read-only\); it is unchanged\./m);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('9. nothing is left out silently', () => {
  it.each([
    ['missing', 'images/none.png', /does not exist/],
    ['not an image', 'manuscripts/a.md', /is not a PNG, JPEG, GIF, WebP or SVG image/],
    ['a folder', 'images', /is a folder, not a file/],
  ])('a cover.image that is %s is an error on its book.yaml line, before anything prints', async (_kind, image, reason) => {
    const book = await makeBook({ yaml: `title: 书\ncover:\n  image: ${image}\n` });
    const error = await thrown(loadConfig(book));
    expect(error.format()).toMatch(/book\.yaml:3:10: "cover\.image": /);
    expect(error.message).toMatch(reason);
  });

  it('a manuscript listed twice is an error', async () => {
    const book = await makeBook({ yaml: 'title: 书\nmanuscripts: [manuscripts/a.md, ./manuscripts/a.md]\n' });
    const { config, bookDir } = await loadConfig(book);
    expect((await thrown(loadManuscripts(bookDir, config))).message).toMatch(/^Manuscript "\.\/manuscripts\/a.md" is listed twice under "manuscripts:" \(also as "manuscripts\/a.md"\); it would print twice\.$/);
  });

  it('`import` of an empty file writes nothing', async () => {
    const raw = path.join(work, 'empty.txt');
    await writeFile(raw, ' \n\n');
    const output = path.join(work, 'empty.md');
    const result = await run(['import', raw, '-o', output]);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/is empty: there is nothing to import, and no manuscript was written/);
    expect(existsSync(output)).toBe(false);
  });
});

describe('11. messages that mislead', () => {
  it('bounds in plain words (not "must be be <=24")', async () => {
    expect((await thrown(() => parseConfig('title: 书\nfonts:\n  size: 30\n', 'book.yaml'))).message).toBe('"fonts.size" must be at most 24.');
    expect((await thrown(() => parseConfig('title: 书\nfonts:\n  size: 2\n', 'book.yaml'))).message).toBe('"fonts.size" must be at least 6.');
    expect((await thrown(() => parseConfig('title: ""\n', 'book.yaml'))).message).toBe('"title": is empty or only spaces: write the title');
  });

  it('invalid UTF-8 in book.yaml is refused as in manuscripts, with its line', async () => {
    const book = await makeBook();
    await writeFile(path.join(book, 'book.yaml'), Buffer.concat([Buffer.from('title: 书\nsubtitle: '), Buffer.from([0xc4, 0xea]), Buffer.from('\n')]));
    expect((await thrown(loadConfig(book))).format()).toMatch(/book\.yaml:2: book\.yaml is not valid UTF-8/);
  });

  it('an SVG with a DOCTYPE is an image, not "damaged"', async () => {
    const book = await makeBook();
    await writeFile(path.join(book, 'images', 'd.svg'), '<?xml version="1.0"?>\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>\n');
    expect(checkImagePath('images/d.svg', book, book)).toEqual({ file: path.join(book, 'images', 'd.svg') });
  });
});

describe('beyond the list: more ways in', () => {
  it('an image that is a symlink to a real picture outside the book is refused', async () => {
    const book = await makeBook();
    await symlink(path.join(repo, 'test', 'reference', 'horizontal-chapter-1.png'), path.join(book, 'images', 'outside.png'));
    expect(checkImagePath('images/outside.png', book, book)).toMatchObject({ problem: { reason: expect.stringMatching(/is a link to a file outside the book folder/) } });
    // So is one reached through a linked folder.
    await symlink(path.join(repo, 'test', 'reference'), path.join(book, 'images', 'ref'));
    expect(checkImagePath('images/ref/horizontal-chapter-1.png', book, book)).toMatchObject({ problem: { reason: expect.stringMatching(/outside the book folder/) } });
  });

  it('a manuscript file name with terminal escapes is shown escaped in every message', async () => {
    const book = await makeBook();
    await writeFile(path.join(book, 'manuscripts', 'b\u001b]0;x\u0007\u001b[2J.md'), '---\ntitle: 章\nyear: 二〇二四\n---\n\n正文。\n');
    for (const args of [['check', '-d', book], ['build', book, '-o', path.join(work, 'never')]]) {
      const result = await run(args);
      expect(result.code).toBe(1);
      expect(result.out + result.err).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
      expect(result.out + result.err).toContain('b\\x1b]0;x\\x07\\x1b[2J.md');
    }
  });

  it('a manuscript path in book.yaml that climbs out, or is absolute, is refused', async () => {
    for (const listed of ['../../etc/hostname', '/etc/hostname', 'file:///etc/hostname']) {
      const book = await makeBook({ yaml: `title: 书\nmanuscripts: [${JSON.stringify(listed)}]\n` });
      const { config, bookDir } = await loadConfig(book);
      expect((await thrown(loadManuscripts(bookDir, config))).message, listed).toMatch(/outside the book folder|not a relative path inside the book folder/);
    }
  });

  it('a symlink loop is named, not followed forever', async () => {
    const book = await makeBook({ yaml: 'title: 书\nmanuscripts: [manuscripts/loop.md]\n' });
    await symlink('loop.md', path.join(book, 'manuscripts', 'loop.md'));
    const { config, bookDir } = await loadConfig(book);
    expect((await thrown(loadManuscripts(bookDir, config))).message).toMatch(/symlink loop/);
  });
});


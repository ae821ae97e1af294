// The peers `npm run bench -- --peers` compares paiban with: pandoc + XeLaTeX (xeCJK), on the same
// generated book. Installed only for the bench (scripts/bench/setup-peers.sh); skipped when missing.
import { spawn, spawnSync } from 'node:child_process';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseDocument } from 'yaml';

/** The first lines of `pandoc --version` and `xelatex --version`. */
export interface PeerVersions {
  pandoc: string;
  xelatex: string;
}

/** YAML or front matter as a record of its keys (anything else as an empty one). */
function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** pandoc and xelatex on PATH, with their versions; null when either is missing. */
export function peerVersions(): PeerVersions | null {
  const version = (command: string) => {
    const run = spawnSync(command, ['--version'], { encoding: 'utf8' });
    return run.status === 0 ? (run.stdout.split('\n')[0] ?? '').trim() : null;
  };
  const pandoc = version('pandoc');
  const xelatex = version('xelatex');
  return pandoc && xelatex ? { pandoc, xelatex } : null;
}

/**
 * The book's manuscripts as one pandoc Markdown file: each manuscript's title as a chapter heading,
 * its front matter dropped, paiban's figure directives (`::figure[caption]`) as plain caption lines.
 */
export async function pandocMarkdown(bookDir: string): Promise<{ title: string; markdown: string }> {
  const config = asRecord(parseDocument(await readFile(path.join(bookDir, 'book.yaml'), 'utf8')).toJSON());
  const names: unknown[] = Array.isArray(config.manuscripts)
    ? config.manuscripts
    : (await readdir(path.join(bookDir, 'manuscripts'))).filter((n) => n.endsWith('.md')).sort().map((n) => `manuscripts/${n}`);
  const parts: string[] = [];
  for (const name of names) {
    if (typeof name !== 'string') throw new Error(`book.yaml: manuscripts lists ${JSON.stringify(name)}, not a file name.`);
    const text = await readFile(path.join(bookDir, name), 'utf8');
    const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n/.exec(text);
    const meta = match ? asRecord(parseDocument(match[1] ?? '').toJSON()) : {};
    const body = (match ? text.slice(match[0].length) : text).replace(/^::+\w+\[(.*?)\].*$/gm, '$1').replace(/^:::.*$/gm, '');
    parts.push(`# ${meta.title ?? name}\n\n${meta.subtitle ? `${meta.subtitle}\n\n` : ''}${body}`);
  }
  return { title: String(config.title ?? 'Book'), markdown: parts.join('\n\n') };
}

/**
 * Builds the book with pandoc + XeLaTeX into `outDir`/peer.pdf: A5, the sample's margins, Noto Serif CJK
 * SC, 11 pt (LaTeX's nearest to 10.5 pt) at 1.75 line spacing, a TOC, chapters on rectos (the book
 * class) — paiban's defaults as near as LaTeX's standard classes come. Returns the wall seconds of the
 * pandoc run (which runs XeLaTeX as often as the TOC needs).
 */
export async function buildWithPandoc(bookDir: string, outDir: string): Promise<{ seconds: number; pdfFile: string }> {
  await mkdir(outDir, { recursive: true });
  const { title, markdown } = await pandocMarkdown(bookDir);
  const input = path.join(outDir, 'peer.md');
  const output = path.join(outDir, 'peer.pdf');
  await writeFile(input, markdown);
  const args = [
    input, '-o', output, '--pdf-engine=xelatex', '--toc', '--top-level-division=chapter',
    '-M', `title=${title}`,
    '-V', 'documentclass=book', '-V', 'fontsize=11pt', '-V', 'linestretch=1.75',
    '-V', 'CJKmainfont=Noto Serif CJK SC',
    '-V', 'geometry:paperwidth=148mm,paperheight=210mm,top=20mm,bottom=22mm,inner=20mm,outer=16mm',
  ];
  const started = performance.now();
  await new Promise<void>((resolve, reject) => {
    const child = spawn('pandoc', args, { cwd: outDir, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`pandoc failed (${code}): ${stderr.slice(-500)}`))));
  });
  return { seconds: (performance.now() - started) / 1000, pdfFile: output };
}

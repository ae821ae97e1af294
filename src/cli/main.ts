import { existsSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { PAIBAN_VERSION } from '../util/package.js';
import type { BuildCliOptions } from './build.js';
import type { ImposeCliOptions } from './impose.js';
import type { ImportCliOptions } from './import.js';
import { safeIo, terminal, type Io } from './io.js';

// Each command imports its modules when it runs (Chromium's driver, pdf-lib, fontkit, zhlint, the
// unified pipeline cost most of a second to load): `--help`, `--version` and `check` stay quick.

/**
 * One way to name the book folder in every command that reads a book: `-b, --book <dir>` (verify's
 * option), beside the positional [dir] of those that had one (Vite's way); check's and diff's old
 * `-d, --dir` still work, unlisted.
 */
const bookOption = () => new Option('-b, --book <dir>', 'the book folder (default: this folder)');
const bookFolder = (dir: string | undefined, options: { book?: string; dir?: string }): string => options.book ?? options.dir ?? dir ?? '.';
const oldDirOption = () => new Option('-d, --dir <dir>').hideHelp();

/** Runs the CLI; returns the exit code (0 ok, 1 a problem the user can fix, 2 a bug or bad usage). */
export async function main(argv: readonly string[], rawIo: Io = terminal): Promise<number> {
  const io = safeIo(rawIo);
  const program = new Command()
    .name('paiban')
    .description('排版 — typeset Chinese books from Markdown manuscripts into print-ready PDF')
    .version(PAIBAN_VERSION, '-v, --version')
    .showHelpAfterError('(run `paiban --help` for the commands)')
    .configureOutput({ writeOut: (text) => io.out(text.trimEnd()), writeErr: (text) => io.err(text.trimEnd()) })
    .exitOverride();

  let exitCode = 0;
  program
    .command('init')
    .description('start a new book: a commented book.yaml, an example manuscript that uses every directive, a .gitignore (replaces nothing)')
    .argument('[dir]', 'the new book folder (created if needed)')
    .addOption(bookOption())
    .option('--yearbook', 'a 地方综合年鉴 instead: kind: yearbook, 大16开, two columns, a manuscript for each part of its frame')
    .action(async (dir: string | undefined, options: { yearbook?: boolean; book?: string }) => {
      const { runInit } = await import('./init.js');
      exitCode = await runInit(bookFolder(dir, options), io, { yearbook: options.yearbook === true });
    });
  program
    .command('build')
    .description('check the manuscripts, then build the book into out/<name>.pdf and out/<name>.html')
    .argument('[dir]', 'the book folder, with book.yaml and manuscripts/')
    .addOption(bookOption())
    .option('-o, --out <dir>', 'output folder (default: <dir>/out)')
    .addOption(new Option('-w, --writing <mode>', "horizontal or vertical (overrides book.yaml's writing)").choices(['horizontal', 'vertical']))
    .option('--no-lint', 'skip the layout checks of the printed pages')
    .option('--draft', 'a draft for proofreading: a figure whose picture is missing prints as a framed placeholder instead of stopping the build')
    .option('--json', 'one JSON document on standard output (pages, outputs, problems with file:line), for scripts and CI')
    .option('-q, --quiet', 'print only problems')
    .action(async (dir: string | undefined, options: BuildCliOptions & { book?: string }) => {
      const { runBuild } = await import('./build.js');
      exitCode = await runBuild(bookFolder(dir, options), options, io);
    });
  program
    .command('import')
    .description('turn submissions (Word .docx, Excel .xlsx, PDF, raw UTF-8 text) or a whole folder of them into normalized Markdown manuscripts, and report every decision and every character')
    .argument('<input>', 'a .docx, .xlsx, .pdf or .txt file, or a folder of them')
    .option('-o, --output <path>', 'the manuscript to write (a folder for a folder import; default: print it)')
    .option('-f, --force', 'replace manuscripts, images and raw copies that exist')
    .option('--reject-changes', "refuse a Word file's tracked changes (default: accept them, each reported)")
    .option('--sheet <name>', 'import only this sheet of a workbook')
    .action(async (input: string, options: ImportCliOptions) => {
      const { runImport } = await import('./import.js');
      exitCode = await runImport(input, options, io);
    });
  program
    .command('impose')
    .description('impose any PDF as a saddle-stitch booklet (2-up, duplex short-edge), e.g. for the office printer')
    .argument('<pdf>', 'the PDF to impose')
    .option('-o, --output <file>', 'where to write the booklet (default: <pdf>-booklet.pdf)')
    .option('--sheet <size>', 'sheet size: A4, A3, B4, 8开, 16开, … or width×height in mm (default: from the page size)')
    .option('--rtl', 'right-to-left binding, for vertical Chinese books')
    .option('--creep <mm>', 'creep compensation: how far the innermost pages move toward the spine')
    .option('--signatures <pages>', 'pages per signature (a multiple of 4), for perfect binding')
    .option('--keep-at-end <pages>', 'pages that stay last, blanks go before them (default 1: the back page)')
    .action(async (pdf: string, options: ImposeCliOptions) => {
      const { runImpose } = await import('./impose.js');
      exitCode = await runImpose(pdf, options, io);
    });
  program
    .command('verify')
    .description('check a PDF against PDF/A-3b and paiban’s own rules (fonts, text, embedded sources); exit 1 on failure')
    .argument('<pdf>', 'the PDF, e.g. out/yearbook-archive.pdf')
    .option('-b, --book <dir>', 'the book folder, to compare the text and the embedded sources with (default: this folder if it has a book.yaml)')
    .option('--pdfx', 'check a print file (-print.pdf, -cover-print.pdf) against PDF/X-4 instead')
    .action(async (pdf: string, options: { book?: string; pdfx?: boolean }) => {
      const { runVerify } = await import('./verify.js');
      exitCode = await runVerify(pdf, options, io);
    });
  program
    .command('proof')
    .description('proofs of the last build: one PNG per page, a contact sheet and an index in out/proof/ (and what changed since the build before)')
    .argument('[dir]', 'the book folder')
    .addOption(bookOption())
    .option('--dpi <dpi>', 'resolution of the page images', '100')
    .option('--pdf', 'also write out/<name>-proof.pdf: line numbers in the margin and a 校样 watermark')
    .action(async (dir: string | undefined, options: { dpi?: string; pdf?: boolean; book?: string }) => {
      const { runProof } = await import('./proof.js');
      exitCode = await runProof(bookFolder(dir, options), options, io);
    });
  program
    .command('diff')
    .description('what changed between two PDFs (default: the last two builds): changed pages with diff images, moved paragraphs; exit 1 when anything changed')
    .argument('[pdfs...]', 'old.pdf new.pdf')
    .addOption(new Option('-b, --book <dir>', 'the book folder (when no PDFs are given; default: this folder)'))
    .addOption(oldDirOption())
    .option('--dpi <dpi>', 'resolution of the comparison')
    .action(async (pdfs: string[], options: { dir?: string; book?: string; dpi?: string }) => {
      const { runDiff } = await import('./proof.js');
      exitCode = await runDiff(pdfs, { ...options, dir: bookFolder(undefined, options) }, io);
    });
  program
    .command('preview')
    .description('show the printed pages in a browser (http://127.0.0.1:<port>/) and rebuild on every change of the book')
    .argument('[dir]', 'the book folder')
    .addOption(bookOption())
    .option('-p, --port <port>', 'port on 127.0.0.1 (0: any free port)', '7788')
    .option('--dpi <dpi>', 'resolution of the page images (120: sharp on screen at 100% zoom, quick to redraw)', '120')
    .addOption(new Option('-w, --writing <mode>', "horizontal or vertical (overrides book.yaml's writing)").choices(['horizontal', 'vertical']))
    .action(async (dir: string | undefined, options: { port?: string; dpi?: string; writing?: 'horizontal' | 'vertical'; book?: string }) => {
      const { runPreview } = await import('./preview.js');
      exitCode = await runPreview(bookFolder(dir, options), options, io);
    });
  program
    .command('check')
    .description("lint manuscripts (file:line:column, rule id); exit 1 while problems remain")
    .argument('[files...]', "manuscripts to check (default: the book's manuscripts)")
    .option('--fix', 'repair what is safe to repair (punctuation width, spaces, hard wraps), then report the rest')
    .addOption(bookOption())
    .addOption(oldDirOption())
    .option('--json', 'the problems as one JSON document on standard output (file, line, column, severity, rule, message, hint)')
    .option('-q, --quiet', 'print only the files with problems, nothing when there are none')
    .action(async (files: string[], options: { fix?: boolean; dir?: string; book?: string; json?: boolean; quiet?: boolean }) => {
      const { runCheck } = await import('./check.js');
      exitCode = await runCheck(files, { ...options, dir: bookFolder(undefined, options) }, io);
    });

  program
    .command('doctor')
    .description('what this machine has of what paiban uses (Node, the browser, fonts, PDF readers, colour profiles) and what each missing piece stops')
    .action(async () => {
      const { runDoctor } = await import('./doctor.js');
      exitCode = runDoctor(io);
    });

  program
    .command('comments')
    .description("a proofreader's annotated PDF back to the manuscripts: every comment at its file:line:column; --apply makes the mechanical corrections; recorded in out/comments.json, which paiban preview shows on the pages")
    .argument('<pdf>', 'the annotated PDF (proof, book or booklet)')
    .argument('[dir]', 'the book folder')
    .addOption(bookOption())
    .option('--apply', 'apply strike-outs, inserts, replace-text and “改为：…” notes to the manuscripts')
    .action(async (pdf: string, dir: string | undefined, options: { apply?: boolean; book?: string }) => {
      const { runComments } = await import('./comments.js');
      exitCode = await runComments(pdf, bookFolder(dir, options), options, io);
    });

  if (argv.length === 0) {
    program.outputHelp();
    // A newcomer's first `paiban`, in a folder that is not a book yet: the one command to run next.
    if (!existsSync('book.yaml')) io.out('\nNo book.yaml here: `paiban init` starts a book in this folder (`paiban init --yearbook` a 年鉴).');
    return 0;
  }
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    throw error;
  }
}

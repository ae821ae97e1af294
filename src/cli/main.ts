import path from 'node:path';
import { Command, CommanderError } from 'commander';
import { buildBook, formatBytes, type ProgressEvent } from '../build/build-book.js';
import { PAIBAN_VERSION } from '../build/version.js';
import { isPaibanError } from '../util/errors.js';

interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
}

const defaultIo: Io = { out: (line) => process.stdout.write(`${line}\n`), err: (line) => process.stderr.write(`${line}\n`) };

/** Runs the CLI; returns the exit code (0 ok, 1 a problem the user can fix, 2 a bug or bad usage). */
export async function main(argv: readonly string[], io: Io = defaultIo): Promise<number> {
  const program = new Command()
    .name('paiban')
    .description('排版 — typeset Chinese books from Markdown manuscripts into print-ready PDF')
    .version(PAIBAN_VERSION, '-v, --version')
    .showHelpAfterError('(run `paiban --help` for the commands)')
    .configureOutput({ writeOut: (text) => io.out(text.trimEnd()), writeErr: (text) => io.err(text.trimEnd()) })
    .exitOverride();

  let exitCode = 0;
  program
    .command('build')
    .description('build the book in a folder (default: this folder) into out/<name>.pdf and out/<name>.html')
    .argument('[dir]', 'the book folder, with book.yaml and manuscripts/', '.')
    .option('-o, --out <dir>', 'output folder (default: <dir>/out)')
    .action(async (dir: string, options: { out?: string }) => {
      exitCode = await runBuild(dir, options, io);
    });

  try {
    await program.parseAsync([...argv], { from: 'user' });
    if (argv.length === 0) program.outputHelp();
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    throw error;
  }
}

async function runBuild(dir: string, options: { out?: string }, io: Io): Promise<number> {
  io.out(`paiban ${PAIBAN_VERSION} — building ${path.resolve(dir)}`);
  try {
    const result = await buildBook(dir, {
      ...(options.out ? { outDir: options.out } : {}),
      onProgress: (event: ProgressEvent) => io.out(`  ✓ ${event.stage.padEnd(12)} ${event.detail}  (${event.seconds.toFixed(2)} s)`),
    });
    for (const url of result.blocked) io.err(`  warning: refused to load ${url} (outside the book folder)`);
    for (const note of result.notes) io.err(`  note: ${note}`);
    for (const file of result.outputs) io.out(`  → ${path.relative(process.cwd(), file) || file}`);
    io.out(`Built ${result.pages} pages, ${formatBytes(result.bytes)}, in ${result.seconds.toFixed(1)} s.`);
    return 0;
  } catch (error) {
    if (isPaibanError(error)) {
      io.err(`error: ${error.format(process.cwd())}`);
      return 1;
    }
    io.err(`paiban crashed; this is a bug. Please report it with the text below.\n${(error as Error).stack ?? String(error)}`);
    return 2;
  }
}

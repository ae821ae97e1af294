import path from 'node:path';
import { PaibanError } from '../util/errors.js';

/** A failed write as the user can act on it: which folder, and whether the disk is full or the folder is not writable. */
export function writeError(error: unknown, outDir: string, unchanged = true): PaibanError {
  const code = (error as NodeJS.ErrnoException).code;
  // Said only when true: a commit that could not be rolled back leaves its journal for the next run to complete.
  const state = unchanged ? 'The previous outputs are unchanged.' : 'The outputs are incomplete; the next paiban build in this folder completes them.';
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return new PaibanError(`The disk is full: the build could not be written to ${outDir}. ${state}`, { hint: 'Free some disk space, then build again.', cause: error });
  }
  const what = code === 'EISDIR' ? 'a folder stands where an output file goes' : (code ?? 'error');
  return new PaibanError(`Cannot write to the output folder ${outDir} (${what}). ${state}`, {
    hint: 'Check that the folder exists and that you may write to it, or choose another with --out.',
    cause: error,
  });
}

/** A failed write of one file (not a build's commit): one line naming the file and what to do. */
export function fileWriteError(error: unknown, file: string): PaibanError {
  if (error instanceof PaibanError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  const shown = path.relative(process.cwd(), file) || file;
  const say = (why: string, hint: string) => new PaibanError(`Cannot write ${shown}: ${why}.`, { hint, cause: error });
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return say('the disk is full', 'Free some disk space, then run paiban again.');
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return say('permission denied (the folder is read-only)', 'Make the folder writable (chmod u+w), or choose another folder.');
    case 'EISDIR':
      return say('a folder stands where the file goes', 'Move the folder away, then run paiban again.');
    case 'ENOTDIR':
      return say('a file stands where a folder goes', 'Move the file away, then run paiban again.');
    case 'ENAMETOOLONG':
      return say('the name is too long for the file system', 'Use a shorter name (book.yaml\'s output.name, or the folder\'s).');
    case 'ELOOP':
      return say('a symbolic link is in the way', 'Delete the link; paiban makes the file itself.');
    default:
      return say(code ?? String((error as Error)?.message ?? error), 'Check the folder and try again.');
  }
}

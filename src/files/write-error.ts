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

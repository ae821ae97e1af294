import { readFile, realpath, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { isInside } from '../files/paths.js';
import { lineColumn } from './place.js';
import type { Fix } from './comments.js';

export interface FixOutcome {
  fix: Fix;
  applied: boolean;
  /** Why it was not applied, with the line it is on. */
  reason?: string;
  line: number;
}

/**
 * Applies fixes to the manuscripts: each file is read again, every fix checked against what the file
 * reads now, the edits made from the end of the file backwards (so earlier offsets stay valid), and the
 * file replaced atomically (write beside it, then rename). Files whose real path leaves the book are refused.
 */
export async function applyFixes(fixes: readonly Fix[], bookDir: string): Promise<FixOutcome[]> {
  const outcomes: FixOutcome[] = [];
  const byFile = new Map<string, Fix[]>();
  for (const fix of fixes) byFile.set(fix.source.file, [...(byFile.get(fix.source.file) ?? []), fix]);
  const realBook = await realpath(bookDir);
  for (const [file, fileFixes] of byFile) {
    const real = await realpath(file);
    if (!isInside(realBook, real)) {
      for (const fix of fileFixes) outcomes.push({ fix, applied: false, reason: 'the manuscript lies outside the book folder', line: 0 });
      continue;
    }
    let text = await readFile(real, 'utf8');
    const original = text;
    const ordered = [...fileFixes].sort((a, b) => b.start - a.start || b.end - a.end);
    let floor = Number.POSITIVE_INFINITY;
    for (const fix of ordered) {
      const { line } = lineColumn(original, fix.start);
      if (original.slice(fix.start, fix.end) !== fix.expect) outcomes.push({ fix, applied: false, reason: `the manuscript no longer reads “${fix.expect}” here`, line });
      else if (fix.end > floor) outcomes.push({ fix, applied: false, reason: 'it overlaps another correction', line });
      else {
        text = text.slice(0, fix.start) + fix.insert + text.slice(fix.end);
        floor = fix.start;
        outcomes.push({ fix, applied: true, line });
      }
    }
    if (text !== original) await writeAtomically(real, text);
  }
  return outcomes;
}

/** Writes `text` to a temporary file beside `file`, then renames it into place: a reader never sees half of it. */
export async function writeAtomically(file: string, text: string): Promise<void> {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.paiban-${process.pid}.tmp`);
  try {
    await writeFile(temp, text, 'utf8');
    await rename(temp, file);
  } finally {
    await rm(temp, { force: true });
  }
}

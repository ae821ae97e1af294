import { realpath } from 'node:fs/promises';
import { isInside } from '../files/paths.js';
import { readBookFile } from '../files/read.js';
import { replaceFileContents } from '../files/write.js';
import { decodeManuscript, manuscriptTooLarge, MAX_MANUSCRIPT_BYTES } from '../manuscript/decode.js';
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
 * file replaced atomically (files/write.ts: a new file of a random name beside it, created exclusively,
 * renamed over it) with the mode and owner it had. Files whose real path leaves the book are refused.
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
    const bytes = await readBookFile(realBook, real, { what: 'Manuscript', maxBytes: MAX_MANUSCRIPT_BYTES, tooLarge: (size) => manuscriptTooLarge(size, file) });
    let text = decodeManuscript(bytes, file);
    const original = text;
    if (!Buffer.from(original, 'utf8').equals(bytes)) {
      // A byte-order mark (or anything decoding drops) would be lost by writing the text back.
      for (const fix of fileFixes) outcomes.push({ fix, applied: false, reason: 'the manuscript is not plain UTF-8, so it cannot be rewritten byte for byte', line: 0 });
      continue;
    }
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
    if (text !== original) await replaceFileContents(realBook, real, text);
  }
  return outcomes;
}

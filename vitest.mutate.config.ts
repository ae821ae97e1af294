import { defineConfig } from 'vitest/config';

/**
 * The unit tests `npm run mutate` runs against each mutant: only the fast ones, no Chromium, so that a
 * mutant takes seconds (a module family still tens of minutes). The Chromium-heavy stages are guarded by the integration
 * tests instead: the README's *Mutation testing* section names, for each of their promises, the hand-made
 * break and the integration test that fails on it.
 */
/**
 * PAIBAN_MUTATE_TESTS (test files, comma-separated) narrows the run to the tests of one module family.
 * A static mutant (module-level code: a table, a regex) is covered by no test in particular, so Stryker
 * runs every test against it: a minute with the whole list, seconds with the family's own tests.
 */
const only = process.env.PAIBAN_MUTATE_TESTS?.split(',').map((file) => file.trim()).filter(Boolean);

export default defineConfig({
  test: {
    include: only?.length ? only : [
      'test/config.test.ts',
      'test/manuscript.test.ts',
      'test/normalize.test.ts',
      'test/check.test.ts',
      // The yearbook's check rules, and the chronicle plugin's dates and structure.
      'test/check-yearbook.test.ts',
      'test/chronicle.test.ts',
      // The glyph check and the year-range and interpunct rules of check are tested here.
      'test/fonts.test.ts',
      'test/punctuation.test.ts',
      'test/pipeline.test.ts',
      'test/vertical.test.ts',
      'test/impose.test.ts',
      'test/archive.test.ts',
      // render's 版权页, TOC and page rules; press's colours, ICC (Ghostscript, ~0.3 s a call) and verify --pdfx.
      'test/render.test.ts',
      // the index: order, collection, references, its pages.
      'test/book-index.test.ts',
      'test/colophon.test.ts',
      'test/onepass.test.ts',
      'test/press.test.ts',
      // comments: annotations read from pdf-lib documents; two tests read a fixture's characters with mutool.
      'test/comments.test.ts',
      'test/preview.comments.test.ts',
      // comments' inserted text (one line of plain text), with the other limits on a stranger's input.
      'test/hardening.input.test.ts',
      // proof/audit's grid and page parts (its punctuation part is in punctuation.test).
      'test/grid.test.ts',
      // proof/audit's area and runs parts, with the pipeline's run and table plugins.
      'test/hard-pages.test.ts',
      // proof/audit's columns part.
      'test/columns-audit.test.ts',
      'test/mutation-*.test.ts',
    ],
    testTimeout: 20_000,
    maxWorkers: 1,
  },
});

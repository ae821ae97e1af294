import { defineConfig } from 'vitest/config';

/**
 * The unit tests `npm run mutate` runs against each mutant: only the fast ones, no Chromium, so that
 * thousands of mutants finish in minutes. The Chromium-heavy stages are guarded by the integration
 * tests instead (the README's mutation section lists which test fails for which break).
 */
export default defineConfig({
  test: {
    include: [
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
      'test/mutation-*.test.ts',
    ],
    testTimeout: 20_000,
    maxWorkers: 1,
  },
});

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Integration tests print real PDFs with Chromium: seconds, not milliseconds.
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // Two cores: more workers than that only makes Chromium prints slower.
    maxWorkers: 2,
  },
});

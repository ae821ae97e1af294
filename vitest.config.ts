import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The packed-tarball install needs the npm registry and a minute or more: `npm run test:package`.
    exclude: [...configDefaults.exclude, ...(process.env.PAIBAN_TEST_PACKAGE ? [] : ['test/package.integration.test.ts'])],
    // Integration tests print real PDFs with Chromium: seconds, not milliseconds.
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // Two cores: more workers than that only makes Chromium prints slower.
    maxWorkers: 2,
  },
});

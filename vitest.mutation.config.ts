// The tests StrykerJS runs against each mutant of src/core (`npm run test:mutation`): the core's own
// tests in Node, without the browser build and without timing budgets, which a mutant's slower
// code would fail for the wrong reason.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/core/**/*.test.ts'],
    exclude: ['test/core/parse-bounds.test.ts'],
    testTimeout: 20_000,
    pool: 'forks',
  },
});

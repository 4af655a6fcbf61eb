// The tests StrykerJS runs against each mutant of src/core (`npm run test:mutation`): the core's own
// tests in Node, without the browser build and without timing budgets, which a mutant's slower
// code would fail for the wrong reason.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The Node tests of the core and of what drives it with in-memory browser APIs.
    include: ['test/core/**/*.test.ts', 'test/background/**/*.test.ts', 'test/audit/**/*.test.ts', 'test/jar/**/*.test.ts', 'test/net/**/*.test.ts', 'test/page/**/*.test.ts', 'test/browser/**/*.test.ts', 'test/architecture.test.ts'],
    // Out: the timing budgets, and the 10 MB capacity test (it runs the whole reader, half a second
    // for each policy mutant; the policy tests cover the same paths on small pages).
    exclude: ['test/core/parse-bounds.test.ts', 'test/core/policy-robustness.test.ts'],
    // explain-and-checks reads the Open Cookie Database as the build ships it: without the build, the
    // file fails to load and Stryker silently counts none of its tests.
    globalSetup: ['test/global-setup.ts'],
    // What the CLI sets before it audits: cookie domains through tldts, report wording bundled.
    setupFiles: ['test/node-entry.ts'],
    testTimeout: 20_000,
    pool: 'forks',
  },
});

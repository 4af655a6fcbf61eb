import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    // What the CLI sets before it audits: cookie domains through tldts, report wording bundled.
    setupFiles: ['test/node-entry.ts'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
    // CI reads the counts from the JSON report to print its one summary line.
    // 'verbose' prints each test as it ends: the browser files run for minutes, and a newcomer sees them move.
    reporters: process.env.CI ? ['verbose', ['json', { outputFile: 'test-results/vitest.json' }]] : ['verbose'],
  },
});

// Bundles the TypeScript benchmarks for Node (like the tests, no loader needed) and runs them.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';

await build({ entryPoints: ['bench/run.ts'], outfile: 'dist/bench/run.mjs', bundle: true, platform: 'node', format: 'esm', packages: 'external', logLevel: 'warning' });
const { status } = spawnSync(process.execPath, ['dist/bench/run.mjs', ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(status ?? 1);

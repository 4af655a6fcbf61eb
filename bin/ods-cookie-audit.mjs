#!/usr/bin/env node
// Runs the bundled CLI, building it first when a fresh clone has no dist/ yet.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = new URL('../dist/cli/ods-cookie-audit.mjs', import.meta.url);
if (!existsSync(cli)) {
  const built = spawnSync(process.execPath, ['build.mjs'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (built.status !== 0) process.exit(4);
}
// A reader that stops early (`| head`) closes the pipe: that is not an error of ours.
process.stdout.on('error', (error) => process.exit(error.code === 'EPIPE' ? 0 : 4));
const { main } = await import(cli.href);
process.exitCode = await main(process.argv.slice(2));

// Builds the extension (with the test builds that grant the local portal's origin) and the CLI
// once, before any test runs, so every test exercises what users install.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export default function setup(): void {
  execFileSync(process.execPath, ['build.mjs', '--e2e'], { cwd: fileURLToPath(new URL('..', import.meta.url)), stdio: 'inherit' });
}

// The command line as the tests run it: the built bin in a child process (so the CLI under test is
// the one users run), and the published schemas its outputs must follow.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';

export const root = fileURLToPath(new URL('../..', import.meta.url));

export interface CliRun { code: number; stdout: string; stderr: string }

/**
 * Runs `ods-cookie-audit args…` with CI=true (no progress bar) unless `env` says otherwise;
 * `killAfterLine`: sends SIGTERM once stderr matches, as an operator's Ctrl-C would.
 */
export function runCli(args: string[], options: { env?: Record<string, string>; killAfterLine?: RegExp } = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(root, 'bin/ods-cookie-audit.mjs'), ...args], { cwd: root, env: { ...process.env, CI: 'true', ...options.env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => {
      stderr += d;
      if (options.killAfterLine?.test(stderr)) child.kill('SIGTERM');
    });
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** A validator of one of docs/*.schema.json, strict, with its formats checked. */
export function schemaValidator(file: 'audit-report.schema.json' | 'fleet.schema.json') {
  const ajv = new Ajv({ allErrors: true, strict: true });
  addFormats(ajv);
  return ajv.compile(JSON.parse(readFileSync(join(root, 'docs', file), 'utf8')));
}

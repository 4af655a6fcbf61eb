// The tracker hosts of src/demo/tracker-hosts.ts with their test certificate, and a Chromium
// wrapper script that adds the switches reaching them: `scan --browser` takes any executable.
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type TrackerHosts, startTrackerHosts } from '../../src/demo/tracker-hosts.ts';

const TLS = fileURLToPath(new URL('../fixtures/tls/', import.meta.url));

export function startTestTrackerHosts(): Promise<TrackerHosts> {
  return startTrackerHosts({ cert: readFileSync(join(TLS, 'tracker-hosts.cert.pem'), 'utf8'), key: readFileSync(join(TLS, 'tracker-hosts.key.pem'), 'utf8') });
}

/** A script that runs `chromium` with the tracker hosts' switches before the caller's own. */
export function chromiumWrapper(chromium: string, hosts: TrackerHosts): string {
  const path = join(mkdtempSync(join(tmpdir(), 'ods-wrapper-')), 'chromium-with-trackers');
  const quote = (s: string) => `'${s.replace(/'/g, "'\\''")}'`;
  writeFileSync(path, `#!/bin/sh\nexec ${quote(chromium)} ${hosts.chromiumSwitches().map(quote).join(' ')} "$@"\n`);
  chmodSync(path, 0o755);
  return path;
}

// A privacy auditor's browser contacts the portal and what the portal's page asks for, nothing
// else. Chromium's own network log of `ods-cookie-audit demo` (the demo portal on 127.0.0.1, its
// three consent journeys) is read back: every address any request named, and every host the
// browser resolved, must be on loopback.
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHROMIUM } from '../e2e/chromium-harness.ts';
import { runCli } from './run-cli.ts';

/** The hosts a Chromium net log names: in request URLs and in host resolutions. */
export function hostsInNetLog(text: string): Set<string> {
  // A browser closed by its driver may leave the log's closing brackets out.
  let log: { events: { params?: Record<string, unknown> }[] };
  try {
    log = JSON.parse(text);
  } catch {
    log = JSON.parse(`${text.replace(/,\s*$/, '')}]}`);
  }
  const hosts = new Set<string>();
  for (const event of log.events) {
    const params = event.params ?? {};
    for (const key of ['url', 'original_url', 'location']) {
      const value = params[key];
      if (typeof value !== 'string') continue;
      try {
        const url = new URL(value);
        if (url.protocol === 'http:' || url.protocol === 'https:' || url.protocol === 'ws:' || url.protocol === 'wss:') hosts.add(url.hostname);
      } catch {
        /* not an address */
      }
    }
    // Host resolutions name a host, `host:port` or a scheme and host (`https://example.org:443`).
    if (typeof params.host === 'string') {
      const host = params.host.includes('://') ? params.host : `http://${params.host}`;
      try {
        hosts.add(new URL(host).hostname.replace(/^\[|\]$/g, ''));
      } catch {
        hosts.add(params.host);
      }
    }
  }
  return hosts;
}

const onLoopback = (host: string) => /^127(?:\.\d{1,3}){3}$/.test(host) || host === 'localhost' || host.endsWith('.localhost') || host === '::1';

describe('the demo scan stays on loopback', { timeout: 120_000 }, () => {
  it('names no host off 127.0.0.0/8 in Chromium\'s network log: no sign-in, update or time check, no logo from a CDN', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ods-netlog-'));
    const log = join(dir, 'netlog.json');
    // The scan takes any Chromium executable: this one records its network log.
    const browser = join(dir, 'chromium');
    writeFileSync(browser, `#!/bin/sh\nexec "${CHROMIUM}" --log-net-log="${log}" --net-log-capture-mode=Default "$@"\n`);
    chmodSync(browser, 0o755);
    const { code, stdout } = await runCli(['demo', '--browser', browser, '--out', join(dir, 'out')]);
    expect(code, stdout).toBe(0);
    expect(stdout).toContain('journeys:');
    expect(existsSync(log)).toBe(true);
    const hosts = [...hostsInNetLog(readFileSync(log, 'utf8'))];
    expect(hosts.length).toBeGreaterThan(0);
    expect(hosts.filter((host) => !onLoopback(host))).toEqual([]);
  });

  it('reads hosts out of a net log, cut short or whole', () => {
    const events = [{ params: { url: 'https://accounts.google.com/ListAccounts' } }, { params: { host: 'update.googleapis.com:443' } }, { params: { host: 'https://clients2.google.com:443' } }, { params: { url: 'http://127.0.0.1:4000/' } }];
    const whole = JSON.stringify({ constants: {}, events });
    expect([...hostsInNetLog(whole)].sort()).toEqual(['127.0.0.1', 'accounts.google.com', 'clients2.google.com', 'update.googleapis.com']);
    const cut = `{"constants":{},"events":[${events.map((e) => JSON.stringify(e)).join(',\n')},\n`;
    expect(hostsInNetLog(cut).size).toBe(4);
  });
});

// Trackers that set no cookie, along the consent journey (issue #33): a portal run by the real
// tarteaucitron.js, whose page sends a Google Analytics 4 hit by sendBeacon and loads Hotjar's
// script (identifiers in localStorage and sessionStorage). The tracker hosts answer on 127.0.0.1
// under their real names, over HTTPS, through a Chromium wrapper script (`scan --browser`).
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_COOKIES, type DemoPortal, startDemoPortal } from '../../src/demo/portal-server.ts';
import { GA_CLIENT_ID, type TrackerHosts } from '../../src/demo/tracker-hosts.ts';
import { CHROMIUM } from '../e2e/chromium-harness.ts';
import { chromiumWrapper, startTestTrackerHosts } from '../fakes/tracker-browser.ts';
import { runCli, schemaValidator } from './run-cli.ts';

const validate = schemaValidator('audit-report.schema.json');

interface Row { organisation?: string; name?: string; area?: string; firstSeen: Record<string, string | null> }

describe('trackers beyond cookies along the journeys: the real tarteaucitron.js, a GA4 beacon and Hotjar\'s web storage', { timeout: 240_000 }, () => {
  let hosts: TrackerHosts;
  let browser: string;
  const portals: Record<'faulty' | 'correct', DemoPortal> = {} as never;
  // The policy declares Google Analytics and Hotjar (their provider, their cookie names' patterns).
  const policyText = [
    'Fournisseur\tNom du cookie\tFinalité',
    'Opendatasoft\tcsrftoken\tSécurité',
    'Google\t_ga*\tMesure d\'audience',
    'Hotjar\t_hjSession_*, _hjSessionUser_*\tAnalyse des parcours',
    'Le site\ttarteaucitron\tVos choix',
  ].join('\n');
  beforeAll(async () => {
    hosts = await startTestTrackerHosts();
    browser = chromiumWrapper(CHROMIUM, hosts);
    for (const variant of ['faulty', 'correct'] as const) {
      portals[variant] = await startDemoPortal({ host: `beyond-${variant}.localhost`, policyText, cookies: DEMO_COOKIES.filter((c) => c.name === 'csrftoken'), siteConsent: { manager: 'tarteaucitron', cookieless: variant === 'faulty' ? 'every-load' : 'consent' } });
    }
  });
  afterAll(async () => {
    await Promise.all([hosts?.close(), ...Object.values(portals).map((p) => p.close())]);
  });

  const scan = async (variant: 'faulty' | 'correct') => {
    const out = mkdtempSync(join(tmpdir(), `ods-beyond-${variant}-`));
    const run = await runCli(['scan', portals[variant].url, '--journeys', '--pages', '1', '--settle', '500', '--timeout', '20', '--browser', browser, '--format', 'json,csv,md,html', '--out', out]);
    const file = (ext: string) => readFileSync(join(out, readdirSync(out).find((f) => f.startsWith('cookie-audit_') && f.endsWith(`.${ext}`))!), 'utf8');
    return { ...run, json: JSON.parse(file('json')), file };
  };
  const seenIn = (row: Row | undefined) => Object.entries(row?.firstSeen ?? {}).filter(([, page]) => page !== null).map(([state]) => state);

  it('the faulty portal exits 1: Google Analytics and the Hotjar keys before any choice and after refusal, no query value quoted', async () => {
    const r = await scan('faulty');
    expect(r.code, r.stderr).toBe(1);
    expect(validate(r.json), JSON.stringify(validate.errors)).toBe(true);
    const m = r.json.journeys;
    expect(m.states.map((s: { reached: boolean }) => s.reached), r.stdout).toEqual([true, true, true]);
    const ga = m.organisationRows.find((o: Row) => o.organisation === 'Google Analytics');
    expect(seenIn(ga)).toEqual(['no-choice', 'refuse-all', 'accept-all']);
    expect(ga.requests['refuse-all'].types).toContain('beacon');
    expect(ga.requests['refuse-all'].firstUrl).toBe('https://www.google-analytics.com/g/collect?v=&tid=&cid=&en=&_p=');
    for (const key of ['_hjSessionUser_3712', '_hjSession_3712']) expect(seenIn(m.storageRows.find((s: Row) => s.name === key)), key).toContain('refuse-all');
    expect(m.storageRows.find((s: Row) => s.name === '_hjSessionUser_3712').area).toBe('localStorage');
    expect(m.storageRows.find((s: Row) => s.name === '_hjSession_3712').area).toBe('sessionStorage');
    const ids = m.findings.map((f: { id: string; organisation?: { name: string }; storage?: { name: string } }) => `${f.id} ${f.organisation?.name ?? f.storage?.name ?? ''}`);
    expect(ids).toEqual(expect.arrayContaining(['request-after-refusal Google Analytics', 'request-before-consent Google Analytics', 'request-after-refusal Hotjar', 'storage-after-refusal _hjSessionUser_3712', 'storage-before-consent _hjSession_3712']));
    // What is wrong comes first: a refusal ignored, before anything seen before a choice.
    expect(m.findings[0].state).toBe('refuse-all');
    // Never a value: the hit's client identifier and the stored identifiers are in no output.
    for (const ext of ['json', 'csv', 'md', 'html']) {
      expect(r.file(ext), ext).not.toContain(GA_CLIENT_ID);
      expect(r.file(ext), ext).not.toMatch(/hj-[a-z0-9]+-user/);
    }
    expect(r.stdout).not.toContain(GA_CLIENT_ID);
    // The matrix rows are in every format.
    expect(r.file('md')).toMatch(/Google Analytics/);
    expect(r.file('html')).toMatch(/_hjSessionUser_3712/);
    const csv = Papa.parse<string[]>(r.file('csv').replace(/^\uFEFF/, '')).data;
    expect(csv.some((row) => row.includes('_hjSessionUser_3712'))).toBe(true);
    // The browser did send them: the stand-in hosts were reached, and nothing but them.
    expect(hosts.hits.some((h) => h.startsWith('POST www.google-analytics.com/g/collect'))).toBe(true);
    expect(hosts.hits.some((h) => h === 'GET static.hotjar.com/c/hotjar-3712.js')).toBe(true);
  });

  it('the evidence bundle keeps the trackers\' requests, and a stored identifier a request carried is removed from its HAR as a cookie value is', async () => {
    const out = mkdtempSync(join(tmpdir(), 'ods-beyond-evidence-'));
    const r = await runCli(['scan', portals.faulty.url, '--journeys', '--pages', '1', '--settle', '500', '--timeout', '20', '--browser', browser, '--evidence', '--format', 'json', '--out', out]);
    expect(r.code, r.stderr).toBe(1);
    const folder = join(out, readdirSync(out).find((f) => f.endsWith('.evidence'))!);
    const hars = readdirSync(folder).filter((f) => f.endsWith('.har')).map((f) => readFileSync(join(folder, f), 'utf8'));
    expect(hars).toHaveLength(3);
    // Hotjar's hit is in the log (what the page did), its visitor id (read from localStorage by the recorder) is not.
    expect(hars.join('')).toContain('static.hotjar.com/api/v2/client/sites/3712/visit-data');
    expect(hars.join('')).not.toMatch(/hj-[a-z0-9]+-user/);
  });

  it('the correct portal exits 0: both only in the acceptance, which is reached', async () => {
    const r = await scan('correct');
    expect(validate(r.json), JSON.stringify(validate.errors)).toBe(true);
    const m = r.json.journeys;
    expect(m.states.map((s: { reached: boolean }) => s.reached), r.stdout).toEqual([true, true, true]);
    expect(seenIn(m.organisationRows.find((o: Row) => o.organisation === 'Google Analytics'))).toEqual(['accept-all']);
    expect(seenIn(m.organisationRows.find((o: Row) => o.organisation === 'Hotjar'))).toEqual(['accept-all']);
    for (const key of ['_hjSessionUser_3712', '_hjSession_3712']) expect(seenIn(m.storageRows.find((s: Row) => s.name === key)), key).toEqual(['accept-all']);
    expect(m.findings.filter((f: { severity: string }) => f.severity === 'defect'), r.stdout).toEqual([]);
    expect(r.code, r.stderr).toBe(0);
  });
});

// The visitor's whole journey with the real extension in Chromium: no choice, refuse all, accept
// all, through the portal's own consent modal, over the pages a visitor goes through. A faulty
// portal (Google Analytics on arrival and despite refusal) exits 1 with both findings and their
// page; a correct one exits 0; the matrix is in every report format.
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_COOKIES, type DemoPortal, startDemoPortal } from '../../src/demo/portal-server.ts';
import type { SiteConsentOptions } from '../../src/demo/site-consent.ts';
import { root, runCli, schemaValidator } from './run-cli.ts';



const validate = schemaValidator('audit-report.schema.json');

describe('scan --journeys', { timeout: 180_000 }, () => {
  let media: DemoPortal;
  let faulty: DemoPortal;
  let correct: DemoPortal;
  const anonymous = DEMO_COOKIES.filter((c) => c.name !== '_ga' && c.name !== 'cookies_preferences');

  beforeAll(async () => {
    media = await startDemoPortal({ host: 'media.localhost', portal: false });
    const extras = { policy: 'consent' as const, cookies: anonymous, tiles: `${media.origin}/tile.png`, video: `${media.origin}/widget` };
    // Both readings of the platform's modal: switches and "save" only, and with accept/refuse-all buttons.
    faulty = await startDemoPortal({ host: 'faulty.localhost', consent: { behaviour: 'faulty', buttons: false }, ...extras });
    correct = await startDemoPortal({ host: 'correct.localhost', consent: { behaviour: 'correct', buttons: true }, ...extras });
  });
  afterAll(async () => {
    await Promise.all([media, faulty, correct].map((p) => p?.close()));
  });

  const scan = (portal: DemoPortal, out: string) => runCli(['scan', portal.url, '--journeys', '--pages', '8', '--settle', '300', '--timeout', '20', '--format', 'json,csv,md,html', '--out', out]);

  it('names the tracker set before consent and after refusal, with the page, and exits 1 on the faulty portal', async () => {
    const out = mkdtempSync(join(tmpdir(), 'ods-journeys-'));
    const { code, stdout, stderr } = await scan(faulty, out);
    expect(code, stderr).toBe(1);
    expect(stdout).toContain("journeys: no-choice reached (arrived and touched nothing); refuse-all reached (through the dialog: every optional switch off (2), then the dialog's save control); accept-all reached (through the dialog: every optional switch on (2), then the dialog's save control)");
    expect(stdout).toContain('⚠ tracker-after-refusal: _ga set although the visitor refused every tracker (on /explore/)');
    expect(stdout).toContain('⚠ tracker-before-consent: _ga set before any consent choice (on /explore/)');
    const json = JSON.parse(readFileSync(join(out, readdirSync(out).find((f) => f.endsWith('.json') && f.startsWith('cookie-audit_'))!), 'utf8'));
    expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
    const row = (name: string) => json.journeys.rows.find((r: { name: string }) => r.name === name);
    expect(row('_ga').firstSeen).toEqual({ 'no-choice': faulty.url, 'refuse-all': faulty.url, 'accept-all': faulty.url });
    // Matomo only once accepted; the map's tile server and the video page's player beyond the home page.
    expect(row('_pk_id.3.a1b2').firstSeen).toEqual({ 'no-choice': null, 'refuse-all': null, 'accept-all': faulty.url });
    expect(row('tile_session')).toMatchObject({ party: 'third', firstSeen: { 'no-choice': `${faulty.origin}/explore/dataset/communes/map/` } });
    expect(row('widget_chips')).toMatchObject({ party: 'third', firstSeen: { 'no-choice': `${faulty.origin}/p/videos/` } });
  });

  it('gives a clean matrix on the correct portal, reached through its accept-all and refuse-all buttons, and exits 0', async () => {
    const out = mkdtempSync(join(tmpdir(), 'ods-journeys-'));
    const { code, stdout } = await scan(correct, out);
    expect(stdout).toContain("refuse-all reached (through the dialog: the dialog's refuse-all control); accept-all reached (through the dialog: the dialog's accept-all control)");
    expect(stdout).not.toMatch(/⚠/);
    expect(code).toBe(0);
    const file = (ext: string) => readFileSync(join(out, readdirSync(out).find((f) => f.endsWith(`.${ext}`) && f.startsWith('cookie-audit_'))!), 'utf8');
    // The matrix in every format: Markdown and HTML tables, CSV columns per state.
    expect(file('md')).toContain('| \\_ga | correct.localhost | \\_ga\\* | — | — | /explore/ |');
    expect(file('html')).toContain('<section id="journeys">');
    const csv = Papa.parse<string[]>(file('csv').slice(1), { skipEmptyLines: true }).data;
    expect(csv[0]!.slice(-3)).toEqual(['No choice', 'Refuse all', 'Accept all']);
    expect(csv.find((r) => r[1] === '_pk_id.3.a1b2')!.slice(-3)).toEqual(['—', '—', '/explore/']);
  });
});

describe('a journeys portal past its time', { timeout: 120_000 }, () => {
  it('stops loading its pages before the next portal starts', async () => {
    const { scanJourneys } = await import('../../src/scan/journeys.ts');
    const { findChromium } = await import('../../src/scan/find-browser.ts');
    const slow = await startDemoPortal({ host: 'slow-journeys.localhost', consent: { behaviour: 'correct', buttons: true } });
    const next = await startDemoPortal({ host: 'next-journeys.localhost', consent: { behaviour: 'correct', buttons: true } });
    slow.setPageDelay(4_000);
    const loads = () => slow.requested.filter((r) => r.endsWith('[navigate]')).length;
    let loadsAtTimeout = -1;
    try {
      const results = await scanJourneys({
        urls: [slow.url, next.url], executablePath: findChromium()!, extensionDir: join(root, 'dist/chrome'),
        concurrency: 1, pages: 1, pageTimeoutMs: 6_000, settleMs: 100, portalTimeoutMs: 10_000,
        onProgress: (_done, _total, result) => {
          if (result.url === slow.url) loadsAtTimeout = loads();
        },
      });
      expect(results[0]).toMatchObject({ ok: false, error: expect.stringContaining('took more than') });
      expect(results[1], JSON.stringify(results[1]).slice(0, 300)).toMatchObject({ ok: true });
      // No page of the slow portal loaded once its time was up (the next portal took 3 s or more).
      expect(loadsAtTimeout).toBeGreaterThan(0);
      expect(loads()).toBe(loadsAtTimeout);
    } finally {
      await slow.close();
      await next.close();
    }
  });
});

describe('a hostile consent dialog', { timeout: 180_000 }, () => {
  let elsewhere: DemoPortal;
  let offsite: DemoPortal;
  let form: DemoPortal;
  let outside: DemoPortal;
  let scriptLink: DemoPortal;
  let lying: DemoPortal;
  const anonymous = DEMO_COOKIES.filter((c) => c.name !== '_ga' && c.name !== 'cookies_preferences' && c.name !== 'tracker');
  beforeAll(async () => {
    // Another site, which records a refusal of its own and sets its own cookie.
    elsewhere = await startDemoPortal({ host: 'elsewhere.localhost', cookies: [
      { name: 'cookies_preferences', value: encodeURIComponent(JSON.stringify({ functional_cookies: true, ga: false, matomo: false })), via: 'header' },
      { name: 'elsewhere_tracker', value: 'x', via: 'header' },
    ] });
    const extras = { policy: 'consent' as const, cookies: anonymous };
    offsite = await startDemoPortal({ host: 'offsite.localhost', consent: { behaviour: 'correct', buttons: true, hostile: 'offsite', elsewhere: elsewhere.url }, ...extras });
    form = await startDemoPortal({ host: 'form.localhost', consent: { behaviour: 'correct', buttons: true, hostile: 'form' }, ...extras });
    outside = await startDemoPortal({ host: 'outside.localhost', consent: { behaviour: 'correct', buttons: true, hostile: 'outside' }, ...extras });
    scriptLink = await startDemoPortal({ host: 'script-link.localhost', consent: { behaviour: 'correct', buttons: true, hostile: 'script-link', elsewhere: elsewhere.url }, ...extras });
    lying = await startDemoPortal({ host: 'lying.localhost', consent: { behaviour: 'correct', buttons: true, hostile: 'lying-dom', elsewhere: elsewhere.url }, ...extras });
  });
  afterAll(async () => {
    await Promise.all([elsewhere, offsite, form, outside, scriptLink, lying].map((p) => p?.close()));
  });

  it('drives from a world of its own: a page that rewrites its DOM methods and forges the driver fools neither', async () => {
    const out = mkdtempSync(join(tmpdir(), 'ods-journeys-'));
    await runCli(['scan', lying.url, '--journeys', '--pages', '1', '--settle', '300', '--timeout', '20', '--format', 'json', '--out', out]);
    expect(elsewhere.requested).toEqual([]);
    const report = JSON.parse(readFileSync(join(out, readdirSync(out).find((f) => f.startsWith('cookie-audit_') && f.endsWith('.json'))!), 'utf8'));
    const states = Object.fromEntries(report.journeys.states.map((s: { state: string; reached: boolean; how: string }) => [s.state, [s.reached, s.how]]));
    // The driver saw the link for what it is (a driver in the page's world would have clicked it, to be stopped only at the network).
    expect(states['refuse-all']).toEqual([false, `not reached: the control would leave the page (a link to ${elsewhere.url})`]);
    // The forged driver answered nothing: accept-all went through the real dialog, and its record is there.
    expect(states['accept-all']).toEqual([true, "the dialog's accept-all control"]);
  });

  it('stops a javascript: control that would send the page to another origin before its request leaves the browser', async () => {
    const out = mkdtempSync(join(tmpdir(), 'ods-journeys-'));
    const { stdout } = await runCli(['scan', scriptLink.url, '--journeys', '--pages', '1', '--settle', '300', '--timeout', '20', '--format', 'json', '--out', out]);
    expect(elsewhere.requested, stdout).toEqual([]);
    const report = JSON.parse(readFileSync(join(out, readdirSync(out).find((f) => f.startsWith('cookie-audit_') && f.endsWith('.json'))!), 'utf8'));
    const states = Object.fromEntries(report.journeys.states.map((s: { state: string; reached: boolean; how: string }) => [s.state, [s.reached, s.how]]));
    expect(states['accept-all']).toEqual([false, `not reached: the control would leave the page (a navigation to ${elsewhere.url})`]);
    expect(states['refuse-all']![0]).toBe(true);
  });

  it('clicks nothing that leaves the page: no endpoint reached, nothing downloaded, no state reached through them, no other site read', async () => {
    const out = mkdtempSync(join(tmpdir(), 'ods-journeys-'));
    const home = mkdtempSync(join(tmpdir(), 'ods-home-'));
    const { stdout } = await runCli(['scan', offsite.url, form.url, outside.url, '--journeys', '--pages', '1', '--settle', '300', '--timeout', '20', '--format', 'json', '--out', out], { env: { HOME: home } });
    // Nothing of the hostile controls' targets was ever asked for.
    for (const portal of [offsite, form, outside]) expect(portal.requested.filter((r) => /\/account\/|\/download\//.test(r)), portal.url).toEqual([]);
    expect(elsewhere.requested).toEqual([]);
    expect(readdirSync(home, { recursive: true }).filter((f) => String(f).includes('consentement'))).toEqual([]);
    const reports = readdirSync(out).filter((f) => f.startsWith('cookie-audit_') && f.endsWith('.json')).map((f) => JSON.parse(readFileSync(join(out, f), 'utf8')));
    const byHost = (host: string) => reports.find((r) => r.portal.host === host)!;
    const states = (host: string) => Object.fromEntries(byHost(host).journeys.states.map((s: { state: string; reached: boolean; how: string }) => [s.state, [s.reached, s.how]]));
    expect(states('offsite.localhost')['refuse-all']).toEqual([false, `not reached: the control would leave the page (a link to ${elsewhere.url})`]);
    expect(states('offsite.localhost')['accept-all']).toEqual([false, 'not reached: the control would leave the page (a download (/download/consentement.pdf))']);
    expect(states('form.localhost')['refuse-all']).toEqual([false, expect.stringMatching(/^not reached: the control would leave the page \(a form submission \(post http:\/\/form\.localhost:\d+\/account\/delete\)\)$/)]);
    expect(states('form.localhost')['accept-all']![0]).toBe(true);
    expect(states('outside.localhost')['refuse-all']).toEqual([false, 'no consent dialog shown: its own control opened none']);
    // No cookie of the other site in any portal's audit.
    for (const report of reports) expect(JSON.stringify(report)).not.toContain('elsewhere_tracker');
    expect(stdout).not.toContain('elsewhere_tracker');
  });
});

describe('a page that acts behind its consent control: the browser refuses, from the click until the state is audited', { timeout: 240_000 }, () => {
  const kinds = ['timer', 'timer-elsewhere', 'beacon', 'form-post', 'window-open', 'shadow-link', 'href-swap', 'svg-link', 'ping', 'guard-off'] as const;
  let elsewhere: DemoPortal;
  const portals: Partial<Record<(typeof kinds)[number], DemoPortal>> = {};
  beforeAll(async () => {
    elsewhere = await startDemoPortal({ host: 'elsewhere-after.localhost' });
    const cookies = DEMO_COOKIES.filter((c) => c.name !== '_ga' && c.name !== 'cookies_preferences' && c.name !== 'tracker');
    for (const kind of kinds) portals[kind] = await startDemoPortal({ host: `${kind}.localhost`, consent: { behaviour: 'correct', buttons: true, hostile: kind, elsewhere: elsewhere.url }, policy: 'consent', cookies });
  });
  afterAll(async () => {
    await Promise.all([elsewhere, ...Object.values(portals)].map((p) => p?.close()));
  });

  it('lets nothing leave: no other site reached, no /account/ request, and the refusal it made is never "reached"', async () => {
    const out = mkdtempSync(join(tmpdir(), 'ods-after-'));
    // A settle long enough for the timers' 4 s, so that they usually fire while the state is audited.
    const { stdout } = await runCli(['scan', ...kinds.map((k) => portals[k]!.url), '--journeys', '--pages', '1', '--settle', '4000', '--timeout', '20', '--format', 'json', '--out', out]);
    expect(elsewhere.requested, stdout).toEqual([]);
    for (const kind of kinds) expect(portals[kind]!.requested.filter((r) => r.includes('/account/') || r.startsWith('POST')), kind).toEqual([]);
    const reports = readdirSync(out).filter((f) => f.startsWith('cookie-audit_') && f.endsWith('.json')).map((f) => JSON.parse(readFileSync(join(out, f), 'utf8')));
    const refusal = (kind: string) => reports.find((r) => r.portal.host === `${kind}.localhost`)!.journeys.states.find((x: { state: string }) => x.state === 'refuse-all');
    const accept = (kind: string) => reports.find((r) => r.portal.host === `${kind}.localhost`)!.journeys.states.find((x: { state: string }) => x.state === 'accept-all');
    // What each page tried, as the browser refused it: after the choice (a timer), or set off by the control itself.
    // A timer's navigation is refused whenever it fires (no request above, on any machine). Whether
    // it fires before the state is audited depends on the machine's load: when it does, the state
    // says so and names it; when it fires later, the state was measured before and reads reached.
    for (const [kind, detail] of [['timer', `${portals.timer!.origin}/account/logout`], ['timer-elsewhere', elsewhere.url]] as const) {
      const state = refusal(kind);
      if (!state.reached) expect(state, kind).toMatchObject({ outcome: { blocker: 'page-tried', refusal: { danger: 'navigation', detail } } });
    }
    // Set off by the click itself: named as the control's doing, or, when the machine is slow to report
    // the request, as the page's after the choice; never reached either way.
    const eitherWay = expect.stringMatching(/^(?:unsafe-control|page-tried)$/);
    expect(refusal('beacon')).toMatchObject({ reached: false, outcome: { blocker: eitherWay, refusal: { danger: 'request', detail: `POST ${portals.beacon!.origin}/account/delete` } } });
    expect(refusal('form-post')).toMatchObject({ reached: false, outcome: { blocker: eitherWay, refusal: { danger: 'request', detail: `POST ${portals['form-post']!.url}` } } });
    for (const kind of ['shadow-link', 'href-swap']) expect(refusal(kind), kind).toMatchObject({ reached: false, outcome: { blocker: 'unsafe-control', refusal: { danger: 'navigation', detail: elsewhere.url } } });
    // The SVG link is read before the click (its xlink:href), and never clicked.
    expect(refusal('svg-link')).toMatchObject({ reached: false, outcome: { blocker: 'unsafe-control', refusal: { danger: 'link-elsewhere', detail: elsewhere.url } } });
    expect(refusal('ping')).toMatchObject({ reached: false, outcome: { blocker: eitherWay, refusal: { danger: 'request', detail: `POST ${portals.ping!.origin}/account/delete` } } });
    // A page that disarms a guard of its own world: the network layer refuses its navigation all the same.
    expect(refusal('guard-off')).toMatchObject({ reached: false, outcome: { blocker: eitherWay, refusal: { danger: 'navigation', detail: `${portals['guard-off']!.origin}/account/logout` } } });
    // The popup blocker is on and the driver's clicks carry no user activation: the window never opened, and the attempt is named.
    expect(refusal('window-open')).toMatchObject({ reached: false, outcome: { blocker: eitherWay, refusal: { danger: 'popup', detail: elsewhere.url } } });
    for (const kind of kinds) expect(accept(kind).reached, kind).toBe(true);
  });
});

describe('a tracker the acceptance starts: the real tarteaucitron.js, whose accepted service sends a hit with sendBeacon to another site', { timeout: 180_000 }, () => {
  let analytics: DemoPortal;
  let portal: DemoPortal;
  beforeAll(async () => {
    analytics = await startDemoPortal({ host: 'analytics-hits.localhost', portal: false });
    const policyText = ['Fournisseur\tNom du cookie\tFinalité', 'Opendatasoft\tcsrftoken\tSécurité', 'Google\t_ga*\tMesure d\'audience', 'Le site\ttarteaucitron\tVos choix'].join('\n');
    portal = await startDemoPortal({ host: 'tac-hit.localhost', policyText, cookies: DEMO_COOKIES.filter((c) => c.name === 'csrftoken'), siteConsent: { manager: 'tarteaucitron', hitOnAccept: `${analytics.origin}/g/collect` } });
  });
  afterAll(async () => {
    await Promise.all([analytics, portal].map((p) => p?.close()));
  });

  it('observes the hit the choice starts (a POST to a third party), never takes it for leaving the page, and reaches the acceptance', async () => {
    const out = mkdtempSync(join(tmpdir(), 'ods-hit-'));
    const { code, stdout } = await runCli(['scan', portal.url, '--journeys', '--pages', '1', '--settle', '500', '--timeout', '20', '--format', 'json', '--out', out]);
    const report = JSON.parse(readFileSync(join(out, readdirSync(out).find((f) => f.startsWith('cookie-audit_') && f.endsWith('.json'))!), 'utf8'));
    expect(report.journeys.states.map((s: { state: string; reached: boolean }) => [s.state, s.reached]), stdout).toEqual([['no-choice', true], ['refuse-all', true], ['accept-all', true]]);
    // The hit left after acceptance only, what the journey is there to observe: at the click, and
    // again on the visitor's next view of the page, the choice recorded (a one-page journey's).
    expect(analytics.requested.filter((r) => r.startsWith('POST /g/collect'))).toHaveLength(2);
    expect(report.journeys.organisationRows.find((o: { firstSeen: Record<string, string | null> }) => o.firstSeen['accept-all']).requests['accept-all'].count).toBe(2);
    // It is observed as what the acceptance started (its address without query values), never as a
    // reason the state was not reached; the client identifier it carried is in no output.
    expect(report.journeys.states.every((s: { outcome?: { refusal?: unknown } }) => !s.outcome?.refusal)).toBe(true);
    const hit = report.journeys.organisationRows.find((o: { firstSeen: Record<string, string | null> }) => o.firstSeen['accept-all']);
    expect(hit.firstSeen).toMatchObject({ 'no-choice': null, 'refuse-all': null });
    expect(hit.requests['accept-all']).toMatchObject({ types: ['beacon'] });
    expect(JSON.stringify(report)).not.toContain('99.1700000000');
    expect(code, stdout).toBe(0);
  });
});

describe('consent managers of the site: the real tarteaucitron.js and Klaro', { timeout: 240_000 }, () => {
  const policyText = [
    'Fournisseur\tNom du cookie\tFinalité\tDurée',
    'Opendatasoft\tcsrftoken\tSécurité\t12 mois',
    'Opendatasoft\tdjango_language\tLangue\t12 mois',
    'Google\t_ga*\tMesure d\'audience\t13 mois',
    'Le site\ttarteaucitron\tVos choix de cookies\t12 mois',
    'Le site\tklaro\tVos choix de cookies\t12 mois',
  ].join('\n');
  const cookies = DEMO_COOKIES.filter((c) => c.name === 'csrftoken' || c.name === 'django_language');
  const portals: Record<string, DemoPortal> = {};
  beforeAll(async () => {
    for (const manager of ['tarteaucitron', 'klaro'] as const) {
      for (const faulty of [false, true]) portals[`${manager}-${faulty ? 'faulty' : 'correct'}`] = await startDemoPortal({ host: `${manager}-${faulty ? 'faulty' : 'correct'}.localhost`, policyText, cookies, siteConsent: { manager, faulty } });
    }
  });
  afterAll(async () => {
    await Promise.all(Object.values(portals).map((p) => p.close()));
  });

  for (const manager of ['tarteaucitron', 'klaro'] as const) {
    it(`${manager}: drives its own dialog; the faulty variant exits 1 naming the tracker before consent and after refusal, the correct one exits 0`, async () => {
      const results = await Promise.all(['correct', 'faulty'].map(async (variant) => {
        const out = mkdtempSync(join(tmpdir(), `ods-${manager}-`));
        const { code, stdout } = await runCli(['scan', portals[`${manager}-${variant}`]!.url, '--journeys', '--pages', '1', '--settle', '800', '--timeout', '20', '--format', 'json', '--out', out]);
        const report = JSON.parse(readFileSync(join(out, readdirSync(out).find((f) => f.startsWith('cookie-audit_') && f.endsWith('.json'))!), 'utf8'));
        return { code, stdout, report };
      }));
      const [correct, faulty] = results;
      for (const r of results) {
        // The portal's footer has the platform's own control too: the site's dialog is the one shown, and driven.
        expect(r.report.journeys.managers, r.stdout).toEqual({ drove: manager, present: ['opendatasoft', manager] });
        expect(r.stdout).toContain(`consent manager: ${manager === 'klaro' ? 'Klaro' : manager}; also present: Opendatasoft`);
        expect(r.report.journeys.states.map((s: { state: string; reached: boolean; via?: string; manager?: string }) => [s.state, s.reached, s.via ?? null, s.manager ?? null]), r.stdout).toEqual([
          ['no-choice', true, null, null], ['refuse-all', true, 'dialog', manager], ['accept-all', true, 'dialog', manager],
        ]);
      }
      const ga = (r: typeof correct) => r!.report.journeys.rows.find((row: { name: string }) => row.name === '_ga')?.firstSeen;
      expect(ga(correct)).toEqual({ 'no-choice': null, 'refuse-all': null, 'accept-all': expect.any(String) });
      expect(correct!.code, correct!.stdout).toBe(0);
      expect(ga(faulty)).toEqual({ 'no-choice': null, 'refuse-all': null, 'accept-all': expect.any(String) });
      // The tag pasted outside the manager: its _gid in every state.
      const gid = faulty!.report.journeys.rows.find((row: { name: string }) => row.name === '_gid')?.firstSeen;
      expect(gid).toEqual({ 'no-choice': expect.any(String), 'refuse-all': expect.any(String), 'accept-all': expect.any(String) });
      expect(faulty!.code).toBe(1);
      expect(faulty!.stdout).toMatch(/tracker-before-consent: _gid set before any consent choice/);
      expect(faulty!.stdout).toMatch(/tracker-after-refusal: _gid set although the visitor refused every tracker/);
    });
  }
});

describe('one language per report: the journeys of a real-tarteaucitron portal in French and in English', { timeout: 180_000 }, () => {
  // Words of ours in each language (quoted data, a policy's or a dialog's own text, the Open Cookie
  // Database's descriptions, may be in any language and are not looked for).
  const ENGLISH = ['touched nothing', 'set before any consent choice', 'refused every tracker', 'but not declared', 'refuse-all control', 'accept-all control', 'records the visitor', 'trackers needing consent', 'not audited', 'Row to add', 'Lifetime over', 'expires in', 'Set by', 'Likely ', 'Findings', 'Checks applied'];
  const FRENCH = ['déposé', 'avant tout choix', 'malgré un refus', 'non déclaré', 'enregistre le choix', 'sans rien toucher', 'Remarques', 'Constats', 'Probablement', 'Contrôles appliqués'];
  let portal: DemoPortal;
  beforeAll(async () => {
    const policyText = ['Fournisseur\tNom du cookie\tFinalité', 'Opendatasoft\tcsrftoken\tSécurité', 'Google\t_ga*\tMesure d\'audience', 'Le site\ttarteaucitron\tVos choix de cookies'].join('\n');
    portal = await startDemoPortal({ host: 'tac-lang.localhost', policyText, cookies: DEMO_COOKIES.filter((c) => c.name === 'csrftoken'), siteConsent: { manager: 'tarteaucitron', faulty: true } });
  });
  afterAll(() => portal?.close());

  it('writes French reports with no English sentence of ours, English ones with no French, and no false "no consent control"', async () => {
    const reports = async (lang: 'fr' | 'en') => {
      const out = mkdtempSync(join(tmpdir(), `ods-lang-${lang}-`));
      const { code, stdout } = await runCli(['scan', portal.url, '--journeys', '--pages', '1', '--settle', '800', '--timeout', '20', '--format', 'json,md,html,csv', '--lang', lang, '--out', out]);
      expect(code, stdout).toBe(1);
      const file = (ext: string) => readFileSync(join(out, readdirSync(out).find((f) => f.startsWith('cookie-audit_') && f.endsWith(`.${ext}`))!), 'utf8');
      // The HTML's own text, not its markup or the JSON it carries.
      const html = file('html').replace(/<script[\s\S]*?<\/script>/g, '').replace(/<style[\s\S]*?<\/style>/g, '').replace(/<[^>]+>/g, ' ');
      return { json: JSON.parse(file('json')), texts: { md: file('md'), html, csv: file('csv') } };
    };
    const [fr, en] = [await reports('fr'), await reports('en')];
    for (const [format, text] of Object.entries(fr.texts)) expect(ENGLISH.filter((w) => text.includes(w)), `French ${format}`).toEqual([]);
    for (const [format, text] of Object.entries(en.texts)) expect(FRENCH.filter((w) => text.includes(w)), `English ${format}`).toEqual([]);
    // Both say what happened, each in its language.
    expect(fr.texts.md).toContain('_gid déposé alors que le visiteur a refusé tous les traceurs');
    expect(en.texts.md).toContain('_gid set although the visitor refused every tracker');
    for (const r of [fr, en]) {
      expect(r.json.journeys.managers.drove).toBe('tarteaucitron');
      expect(r.json.journeys.findings.map((f: { id: string }) => f.id)).not.toContain('no-consent-control');
      expect(r.json.cookies.flatMap((c: { failedChecks: string[] }) => c.failedChecks)).not.toContain('tracker-without-consent-control');
    }
  });
});

describe('cookie writes observed, not only the jar at the end: the real tarteaucitron.js behind a tag that writes _ga on every load', { timeout: 180_000 }, () => {
  let portal: DemoPortal;
  beforeAll(async () => {
    portal = await startDemoPortal({ host: 'tac-ga.localhost', policyText: 'Fournisseur\tNom du cookie\tFinalité\nGoogle\t_ga*\tMesure d\'audience\nLe site\ttarteaucitron\tVos choix', cookies: [], siteConsent: { manager: 'tarteaucitron', gaOnEveryLoad: true } });
  });
  afterAll(async () => portal?.close());

  it('reports _ga written after refusal (on the next page), then removed by tarteaucitron, and exits 1', async () => {
    const out = mkdtempSync(join(tmpdir(), 'ods-tac-ga-'));
    const { code, stdout } = await runCli(['scan', portal.url, '--journeys', '--pages', '2', '--settle', '800', '--timeout', '20', '--format', 'json', '--out', out]);
    const report = JSON.parse(readFileSync(join(out, readdirSync(out).find((f) => f.startsWith('cookie-audit_') && f.endsWith('.json'))!), 'utf8'));
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    expect(report.journeys.states.map((s: { reached: boolean }) => s.reached), stdout).toEqual([true, true, true]);
    const ga = report.journeys.rows.find((r: { name: string }) => r.name === '_ga');
    // The refusal column shows the write, though the jar held no _ga when the page was audited.
    // Written on the page after the choice (the home page's refusal purged what the first load wrote).
    const next = report.journeys.states[1].pages[1].url;
    expect(ga.firstSeen['refuse-all'], stdout).toBe(next);
    expect(next).not.toBe(portal.url);
    expect(ga.removed['refuse-all'].by).toMatch(/^script http:\/\/tac-ga\.localhost:\d+\/vendor\/tarteaucitron\/tarteaucitron\.js$/);
    expect(ga.removed['refuse-all'].afterMs).toBeGreaterThanOrEqual(0);
    const finding = report.journeys.findings.find((f: { id: string }) => f.id === 'tracker-after-refusal');
    expect(finding).toMatchObject({ cookie: '_ga', severity: 'defect', page: next });
    expect(finding.detail).toMatch(/^_ga set although the visitor refused every tracker, then removed by script \S+tarteaucitron\.js \d+ ms later/);
    expect(JSON.stringify(report)).not.toContain('no-consent-control');
    expect(code, stdout).toBe(1);
  });
});

describe('a consent manager the auditor does not know', { timeout: 120_000 }, () => {
  let portal: DemoPortal;
  beforeAll(async () => {
    portal = await startDemoPortal({ host: 'unknown-cmp.localhost', policyText: 'Fournisseur\tNom du cookie\tFinalité\nGoogle\t_ga*\tMesure d\'audience', cookies: [], siteConsent: { manager: 'unknown' } });
  });
  afterAll(async () => portal?.close());

  it('names the dialog as found, drives nothing, and never says the portal has no consent control', async () => {
    const out = mkdtempSync(join(tmpdir(), 'ods-unknown-'));
    const { stdout } = await runCli(['scan', portal.url, '--journeys', '--pages', '1', '--settle', '300', '--timeout', '20', '--format', 'json', '--out', out]);
    const report = JSON.parse(readFileSync(join(out, readdirSync(out).find((f) => f.startsWith('cookie-audit_') && f.endsWith('.json'))!), 'utf8'));
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    expect(report.journeys.managers.unknownDialog, stdout).toBe('div#cmp-notice.cmp-banner "Cookies"');
    expect(report.journeys.states.slice(1).map((s: { reached: boolean; how: string }) => [s.reached, s.how.replace(/ \(.*$/, '')])).toEqual([[false, 'a consent dialog is present but could not be driven'], [false, 'a consent dialog is present but could not be driven']]);
    expect(report.journeys.findings.map((f: { id: string }) => f.id)).toContain('consent-not-driven');
    expect(JSON.stringify(report)).not.toContain('no-consent-control');
    expect(stdout).toContain('a dialog no known manager explains, not driven: div#cmp-notice.cmp-banner');
    // Nothing in the banner was clicked: the tracker it sets is there before any choice, as a visitor gets it.
    expect(report.journeys.findings.some((f: { id: string; cookie?: string }) => f.id === 'tracker-before-consent' && f.cookie === '_ga')).toBe(true);
  });
});

type SiteCase = { manager: SiteConsentOptions['manager']; lang: 'fr' | 'en'; faulty: boolean };
/** The parts of a JSON report these tests read. */
interface JourneysReport {
  journeys: {
    managers: { drove?: string; present: string[] };
    rows: { name: string; firstSeen: Record<string, string | null> }[];
    states: { state: string; reached: boolean; via?: string; how: string; controls?: string[] }[];
    findings: { id: string }[];
  };
}
type Scanned = { code: number; stdout: string; report: JourneysReport };

/**
 * One local portal per case running the site's own consent manager (`<manager>-<lang>-<correct|faulty>`,
 * lower case), started before the describe's tests; `scanOf(key)` runs `scan --journeys --pages 1`
 * on one and returns its exit code, output and schema-valid JSON report.
 */
function siteConsentPortals(cases: readonly SiteCase[], policyText: string) {
  const name = (c: SiteCase) => `${c.manager.toLowerCase()}-${c.lang}-${c.faulty ? 'faulty' : 'correct'}`;
  const cookies = DEMO_COOKIES.filter((c) => c.name === 'csrftoken');
  const portals: Record<string, DemoPortal> = {};
  beforeAll(async () => {
    for (const c of cases) portals[name(c)] = await startDemoPortal({ host: `${name(c)}.localhost`, lang: c.lang, policyText, cookies, siteConsent: { manager: c.manager, faulty: c.faulty, lang: c.lang } });
  });
  afterAll(async () => {
    await Promise.all(Object.values(portals).map((p) => p.close()));
  });
  const scanOf = async (key: string): Promise<Scanned> => {
    const out = mkdtempSync(join(tmpdir(), `ods-${key}-`));
    const { code, stdout } = await runCli(['scan', portals[key]!.url, '--journeys', '--pages', '1', '--settle', '800', '--timeout', '20', '--format', 'json', '--out', out]);
    const report = JSON.parse(readFileSync(join(out, readdirSync(out).find((f) => f.startsWith('cookie-audit_') && f.endsWith('.json'))!), 'utf8'));
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    return { code, stdout, report };
  };
  return { name, scanOf };
}
const firstSeen = (r: Scanned, cookie: string) => r.report.journeys.rows.find((row) => row.name === cookie)?.firstSeen;
const states = (r: Scanned) => r.report.journeys.states.map((s) => [s.state, s.reached, s.via ?? null]);

describe('consent managers of the site: the real Orejime (DSFR and standard builds) and vanilla-cookieconsent', { timeout: 300_000 }, () => {
  const policyText = [
    'Fournisseur\tNom du cookie\tFinalité\tDurée',
    'Opendatasoft\tcsrftoken\tSécurité\t12 mois',
    'Google\t_ga*\tMesure d\'audience\t13 mois',
    'Le site\teu-consent\tVos choix de cookies\t12 mois',
    'Le site\tcc_cookie\tVos choix de cookies\t6 mois',
  ].join('\n');
  const cases = [
    { manager: 'orejime', lang: 'fr', faulty: false }, { manager: 'orejime', lang: 'fr', faulty: true }, { manager: 'orejime', lang: 'en', faulty: false },
    { manager: 'cookieconsent', lang: 'fr', faulty: false }, { manager: 'cookieconsent', lang: 'fr', faulty: true }, { manager: 'cookieconsent', lang: 'en', faulty: false },
  ] as const;
  const { name, scanOf } = siteConsentPortals(cases, policyText);

  for (const manager of ['orejime', 'cookieconsent'] as const) {
    it(`${manager}: drives its own dialog in French and English; the tag outside it makes the faulty variant exit 1, the correct ones exit 0; never "no consent control"`, async () => {
      const keys = cases.filter((c) => c.manager === manager).map(name);
      const results = Object.fromEntries(await Promise.all(keys.map(async (key) => [key, await scanOf(key)] as const)));
      for (const [key, r] of Object.entries(results)) {
        expect(r.report.journeys.managers.drove, `${key}: ${r.stdout}`).toBe(manager);
        expect(r.report.journeys.states.map((s: { state: string; reached: boolean; via?: string }) => [s.state, s.reached, s.via ?? null]), `${key}: ${r.stdout}`).toEqual([
          ['no-choice', true, null], ['refuse-all', true, 'dialog'], ['accept-all', true, 'dialog'],
        ]);
        // The tracker the manager holds back: only once accepted.
        expect(firstSeen(r, '_ga'), key).toEqual({ 'no-choice': null, 'refuse-all': null, 'accept-all': expect.any(String) });
        expect(JSON.stringify(r.report)).not.toContain('no-consent-control');
      }
      // The DSFR build's buttons have no class of their own: reached by their words.
      if (manager === 'orejime') expect(results['orejime-fr-correct']!.report.journeys.states[1]!.controls).toEqual(['Refuser']);
      if (manager === 'cookieconsent') expect(results['cookieconsent-en-correct']!.report.journeys.states[2]!.controls).toEqual(['Accept all']);
      for (const key of keys.filter((k) => k.endsWith('correct'))) expect(results[key]!.code, results[key]!.stdout).toBe(0);
      const faulty = results[`${manager}-fr-faulty`]!;
      expect(firstSeen(faulty, '_gid')).toEqual({ 'no-choice': expect.any(String), 'refuse-all': expect.any(String), 'accept-all': expect.any(String) });
      expect(faulty.code).toBe(1);
      expect(faulty.stdout).toMatch(/tracker-after-refusal: _gid set although the visitor refused every tracker/);
    });
  }
});

describe('the long tail, through DuckDuckGo autoconsent rules: the real vanilla-cookieconsent 2 and a Didomi notice', { timeout: 300_000 }, () => {
  const policyText = [
    'Fournisseur\tNom du cookie\tFinalité\tDurée',
    'Opendatasoft\tcsrftoken\tSécurité\t12 mois',
    'Google\t_ga*\tMesure d\'audience\t13 mois',
    'Le site\tcc_cookie\tVos choix de cookies\t6 mois',
    'Didomi\tdidomi_token\tVos choix de cookies\t6 mois',
  ].join('\n');
  const cases = [
    { manager: 'cookieconsent2', lang: 'fr', faulty: false }, { manager: 'cookieconsent2', lang: 'en', faulty: false }, { manager: 'cookieconsent2', lang: 'fr', faulty: true },
    { manager: 'didomi', lang: 'fr', faulty: false }, { manager: 'didomi', lang: 'fr', faulty: true },
    { manager: 'didomiLink', lang: 'fr', faulty: false }, { manager: 'didomiNoDisagree', lang: 'fr', faulty: false },
  ] as const;
  const { scanOf } = siteConsentPortals(cases, policyText);

  it('drives each by its rule inside its dialog: correct variants exit 0 with _ga only after acceptance, faulty ones exit 1 with _gid after refusal', async () => {
    const keys = ['cookieconsent2-fr-correct', 'cookieconsent2-en-correct', 'cookieconsent2-fr-faulty', 'didomi-fr-correct', 'didomi-fr-faulty'];
    const results = Object.fromEntries(await Promise.all(keys.map(async (key) => [key, await scanOf(key)] as const)));
    for (const [key, r] of Object.entries(results)) {
      expect(r.report.journeys.managers.drove, `${key}: ${r.stdout}`).toBe(key.startsWith('didomi') ? 'autoconsent:didomi' : 'autoconsent:cookieconsent2');
      expect(states(r), `${key}: ${r.stdout}`).toEqual([['no-choice', true, null], ['refuse-all', true, 'dialog'], ['accept-all', true, 'dialog']]);
      expect(r.report.journeys.states[1]!.how).toMatch(/^the autoconsent rule's opt-out steps; its dialog closed/);
      expect(firstSeen(r, '_ga'), key).toEqual({ 'no-choice': null, 'refuse-all': null, 'accept-all': expect.any(String) });
      expect(JSON.stringify(r.report)).not.toContain('no-consent-control');
      expect(r.stdout).toMatch(/consent manager: (cookieconsent2|didomi) \(autoconsent rule\)/);
    }
    // Its real library's own record: refusal keeps only what is necessary, acceptance the analytics category.
    expect(results['didomi-fr-correct']!.report.journeys.states[1]!.controls).toEqual(['Continuer sans accepter']);
    expect(results['cookieconsent2-en-correct']!.report.journeys.states[2]!.controls).toEqual(['Accept all']);
    for (const key of keys.filter((k) => k.endsWith('correct'))) expect(results[key]!.code, results[key]!.stdout).toBe(0);
    for (const key of keys.filter((k) => k.endsWith('faulty'))) {
      expect(firstSeen(results[key]!, '_gid')).toEqual({ 'no-choice': expect.any(String), 'refuse-all': expect.any(String), 'accept-all': expect.any(String) });
      expect(results[key]!.code).toBe(1);
      expect(results[key]!.stdout).toMatch(/tracker-after-refusal: _gid set although the visitor refused every tracker/);
    }
  });

  it('refuses a rule\'s control that leaves the page, and never runs the manager\'s page script a rule falls back to; a caution, never "no consent control"', async () => {
    const [link, noDisagree] = await Promise.all([scanOf('didomilink-fr-correct'), scanOf('didominodisagree-fr-correct')]);
    expect(states(link), link.stdout).toEqual([['no-choice', true, null], ['refuse-all', false, null], ['accept-all', true, 'dialog']]);
    expect(link.report.journeys.states[1]!.how).toBe('not reached: the control would leave the page (a link to http://elsewhere.localhost/continue)');
    expect(states(noDisagree), noDisagree.stdout).toEqual([['no-choice', true, null], ['refuse-all', false, null], ['accept-all', true, 'dialog']]);
    expect(noDisagree.report.journeys.states[1]!.how).toBe("its autoconsent opt-out needs a step that runs the manager's page script (EVAL_DIDOMI_OPT_OUT), which the auditor never runs");
    for (const r of [link, noDisagree]) {
      expect(r.report.journeys.managers.drove).toBe('autoconsent:didomi');
      expect(JSON.stringify(r.report)).not.toContain('no-consent-control');
    }
  });
});

describe('cookies the browser refused', { timeout: 180_000 }, () => {
  let widgets: DemoPortal;
  let portal: DemoPortal;
  beforeAll(async () => {
    widgets = await startDemoPortal({ host: 'refusing-widgets.localhost' });
    // A portal whose page frames another site that sets an unpartitioned cookie (which Chromium
    // refuses in a third-party frame) and a partitioned one (which it keeps); the platform's modal, correct.
    portal = await startDemoPortal({ host: 'refusing.localhost', embed: `${widgets.origin}/widget`, consent: { behaviour: 'correct', buttons: true }, policy: 'consent', cookies: DEMO_COOKIES.filter((c) => c.name !== '_ga' && c.name !== 'tracker') });
  });
  afterAll(async () => {
    await Promise.all([widgets, portal].map((p) => p?.close()));
  });

  it('the plain scan and the journeys agree: a cookie the browser refused was never set, in either', async () => {
    const plainOut = mkdtempSync(join(tmpdir(), 'ods-plain-'));
    const journeysOut = mkdtempSync(join(tmpdir(), 'ods-journeys-'));
    const plain = await runCli(['scan', portal.url, '--settle', '300', '--timeout', '20', '--format', 'json', '--out', plainOut]);
    const journeys = await runCli(['scan', portal.url, '--journeys', '--pages', '1', '--settle', '300', '--timeout', '20', '--format', 'json', '--out', journeysOut]);
    const report = (dir: string) => JSON.parse(readFileSync(join(dir, readdirSync(dir).find((f) => f.startsWith('cookie-audit_') && f.endsWith('.json'))!), 'utf8'));
    const seenPlain = report(plainOut).cookies.map((c: { name: string }) => c.name);
    const seenJourneys = report(journeysOut).journeys.rows.filter((r: { firstSeen: Record<string, string | null> }) => Object.values(r.firstSeen).some(Boolean)).map((r: { name: string }) => r.name);
    // The partitioned cookie was set, and both say so; the refused one is in neither.
    for (const seen of [seenPlain, seenJourneys]) {
      expect(seen).toContain('widget_chips');
      expect(seen).not.toContain('widget_uid');
    }
    expect(journeys.code, journeys.stdout).toBe(plain.code);
  });
});

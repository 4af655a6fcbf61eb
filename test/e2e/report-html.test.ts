// The printable HTML report in a real browser: it renders, prints to PDF, and stays inert however
// hostile the names and declarations in it.
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import puppeteer, { type Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditJar } from '../../src/core/audit/audit-jar.ts';
import { defaultCatalogue } from '../../src/core/catalogue/default-catalogue.ts';
import { renderReport } from '../../src/core/report/render-report.ts';
import { buildReport } from '../../src/core/report/report-model.ts';
import type { Cookie } from '../../src/core/types.ts';
import { CHROMIUM } from './chromium-harness.ts';

const artifacts = new URL('../../test-results/', import.meta.url);
mkdirSync(artifacts, { recursive: true });
const meta = { generatedAt: new Date('2026-11-23T10:00:00Z'), timeZone: 'Europe/Paris', browser: { name: 'Chrome', version: '156' }, extensionVersion: '0.1.0' };
const cookie = (name: string, more: Partial<Cookie> = {}): Cookie => ({ name, value: 'v', domain: 'data.toulouse-metropole.fr', path: '/', ...more });

describe('the HTML report in Chromium', { timeout: 60_000 }, () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await puppeteer.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'] });
  });
  afterAll(() => browser?.close());

  it('renders the audit in French, saved as PNG and PDF artifacts', async () => {
    const audit = auditJar({ cookies: [cookie('sessionid', { httpOnly: true }), cookie('_ga', { domain: '.toulouse-metropole.fr', expirationDate: 1_830_000_000, session: false })], pageUrl: 'https://data.toulouse-metropole.fr/', entries: defaultCatalogue('fr'), now: meta.generatedAt });
    const file = join(tmpdir(), 'ods-report-fr.html');
    writeFileSync(file, renderReport(buildReport(audit, { ...meta, language: 'fr' }), 'html'));
    const page = await browser.newPage();
    await page.goto(pathToFileURL(file).href);
    expect(await page.$eval('h1', (e) => e.textContent)).toBe('Audit des cookies: data.toulouse-metropole.fr');
    expect(await page.$$eval('#undeclared tr', (rows) => rows.length)).toBe(2); // header and _ga
    await page.screenshot({ path: new URL('report-html-fr.png', artifacts).pathname, fullPage: true });
    const pdf = await page.pdf({ format: 'A4', landscape: true, printBackground: true });
    expect(Buffer.from(pdf).subarray(0, 4).toString()).toBe('%PDF');
    writeFileSync(new URL('report-html-fr.pdf', artifacts), pdf);
  });

  it('stays inert with hostile names and declarations: no script runs, no element is injected', async () => {
    const hostile = auditJar({
      cookies: [cookie('</script><img src=x onerror=alert(1)>'), cookie('"><svg onload=alert(2)>'), cookie('evil_x')],
      pageUrl: 'https://data.toulouse-metropole.fr/',
      entries: [{ pattern: 'evil*', purpose: '</script><script>alert(3)</script>', provider: '<iframe src=javascript:alert(4)>' }],
      now: meta.generatedAt,
    });
    const file = join(tmpdir(), 'ods-report-hostile.html');
    writeFileSync(file, renderReport(buildReport(hostile, { ...meta, language: 'en' }), 'html'));
    const page = await browser.newPage();
    const dialogs: string[] = [];
    page.on('dialog', async (dialog) => {
      dialogs.push(dialog.message());
      await dialog.dismiss();
    });
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    await new Promise((r) => setTimeout(r, 300));
    expect(dialogs).toEqual([]);
    expect(await page.$$eval('img, svg, iframe', (found) => found.length)).toBe(0);
    expect(await page.$$eval('script', (found) => found.map((s) => s.getAttribute('type')))).toEqual(['application/json']);
    const names = await page.$$eval('#undeclared code', (codes) => codes.map((c) => c.textContent));
    expect(names).toContain('</script><img src=x onerror=alert(1)>');
    const data = await page.$eval('#audit-report', (s) => JSON.parse(s.textContent!));
    expect(data.cookies.length).toBe(3);
  });
});

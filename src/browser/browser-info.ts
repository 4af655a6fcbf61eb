// Which browser the audit ran in, for the report: Firefox says so itself (runtime.getBrowserInfo);
// Chromium-based browsers say it in their user agent.
import { browser } from './browser.ts';

export async function browserInfo(): Promise<{ name: string; version: string }> {
  const runtime = browser.runtime as typeof browser.runtime & { getBrowserInfo?: () => Promise<{ name: string; version: string }> };
  if (typeof runtime.getBrowserInfo === 'function') {
    const info = await runtime.getBrowserInfo();
    return { name: info.name, version: info.version };
  }
  const ua = globalThis.navigator?.userAgent ?? '';
  const match = /(Edg|OPR|Chrome|Chromium)\/([\d.]+)/.exec(ua);
  const names: Record<string, string> = { Edg: 'Edge', OPR: 'Opera', Chrome: 'Chrome', Chromium: 'Chromium' };
  return match ? { name: names[match[1]!] ?? match[1]!, version: match[2]! } : { name: 'unknown', version: '' };
}

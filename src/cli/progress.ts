// Progress of a scan. On a terminal: one bar redrawn in place, with portals done, failures and an
// ETA. Under CI (CI=true) or into a file: one plain line per portal, so a log reads top to bottom.
import type { PortalScan } from '../scan/scan-portals.ts';
import { cleanText } from '../core/text/clean-text.ts';

/** `defects`: the consent defects the portal's journeys found (scan --journeys), which fail it as undeclared cookies do. */
export type Progress = (done: number, total: number, scan: PortalScan, defects?: number) => void;

function eta(ms: number): string {
  const s = Math.round(ms / 1000);
  return s >= 3600 ? `${Math.floor(s / 3600)} h ${Math.round((s % 3600) / 60)} min` : s >= 60 ? `${Math.floor(s / 60)} min ${s % 60} s` : `${s} s`;
}

/** What one portal came to, in a word: audited clean, with undeclared cookies or consent defects, or not audited. */
export function outcomeOf(scan: PortalScan, defects = 0): { mark: string; words: string } {
  if (!scan.ok) return { mark: '!', words: `not audited: ${scan.error}` };
  if (scan.state.kind !== 'ready') return { mark: '!', words: `not audited: ${scan.state.kind === 'error' ? scan.state.message : scan.state.kind}` };
  const n = scan.state.audit.summary.undeclared;
  const consent = defects > 0 ? `${defects} consent defect${defects === 1 ? '' : 's'}` : '';
  if (n === 0 && !consent) return { mark: '✓', words: 'nothing undeclared, no consent defect' };
  return { mark: '✗', words: [n > 0 ? `${n} undeclared` : '', consent].filter(Boolean).join(', ') };
}

export function progressReporter(write: (text: string) => void, terminal: boolean, now: () => number = Date.now): Progress {
  const started = now();
  let failures = 0;
  return (done, total, scan, defects = 0) => {
    const { mark, words } = outcomeOf(scan, defects);
    if (mark === '!') failures++;
    const host = cleanText(new URL(scan.url).hostname);
    const left = done < total ? `, about ${eta(((now() - started) / done) * (total - done))} left` : '';
    if (!terminal) {
      write(`[${done}/${total}] ${mark} ${host}: ${cleanText(words)}${left}\n`);
      return;
    }
    const width = 24;
    const filled = Math.round((done / total) * width);
    write(`\r[${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${done}/${total}, ${failures} failed${left} ${host.slice(0, 32).padEnd(32)}`);
    if (done === total) write('\n');
  };
}

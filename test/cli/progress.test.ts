// The scan's progress line and its summary say the same of each portal: a portal whose journeys
// found a consent defect is never "nothing undeclared" on the way and failed at the end.
import { describe, expect, it } from 'vitest';
import { outcomeOf, progressReporter } from '../../src/cli/progress.ts';
import type { PortalScan } from '../../src/scan/scan-portals.ts';

const audited = (undeclared: number): PortalScan => ({ url: 'https://data.example.fr/', ok: true, browser: 'Chromium/156', state: { kind: 'ready', audit: { summary: { undeclared } }, portal: { isPortal: true, confidence: 1, signals: [] }, catalogueWarnings: [] } } as never);

describe('a portal\'s outcome on the way', () => {
  it('counts consent defects beside undeclared cookies, and calls clean only what is clean', () => {
    expect(outcomeOf(audited(0))).toEqual({ mark: '✓', words: 'nothing undeclared, no consent defect' });
    expect(outcomeOf(audited(0), 2)).toEqual({ mark: '✗', words: '2 consent defects' });
    expect(outcomeOf(audited(1), 1)).toEqual({ mark: '✗', words: '1 undeclared, 1 consent defect' });
    expect(outcomeOf({ url: 'https://x.fr/', ok: false, error: 'timeout' } as PortalScan).mark).toBe('!');
  });

  it('writes one line per portal under CI, with what it came to', () => {
    const lines: string[] = [];
    const progress = progressReporter((text) => lines.push(text), false, () => 0);
    progress(1, 2, audited(0), 1);
    progress(2, 2, audited(0));
    expect(lines).toEqual(['[1/2] ✗ data.example.fr: 1 consent defect, about 0 s left\n', '[2/2] ✓ data.example.fr: nothing undeclared, no consent defect\n']);
  });
});

// A first visit, defined once: set aside, loaded, the network quiet, then the settle; nothing
// waited for on a page that closed.
import { describe, expect, it } from 'vitest';
import { VISIT_TIMING, type VisitDriver, firstVisit } from '../../src/core/visit/first-visit.ts';

function driver(loadAs: 'complete' | 'timeout' | 'closed' = 'complete') {
  const log: string[] = [];
  const d: VisitDriver = {
    clean: async () => void log.push('clean'),
    load: async (url) => (log.push(`load ${url}`), loadAs),
    quiet: async (capMs) => void log.push(`quiet ${capMs}`),
    pause: async (ms) => void log.push(`pause ${ms}`),
  };
  return { d, log };
}

describe('a first visit', () => {
  it('sets aside, loads, waits for the network to be quiet, then for the page\'s timers', async () => {
    const { d, log } = driver();
    expect(await firstVisit(d, 'https://p.example/')).toBe('complete');
    expect(log).toEqual(['clean', 'load https://p.example/', `quiet ${VISIT_TIMING.quietCapMs}`, `pause ${VISIT_TIMING.settleMs}`]);
  });

  it('settles a page that timed out as it is, and waits for nothing once the page closed', async () => {
    const late = driver('timeout');
    expect(await firstVisit(late.d, 'https://p.example/', 300, 0)).toBe('timeout');
    expect(late.log).toEqual(['clean', 'load https://p.example/', 'quiet 0', 'pause 300']);
    const gone = driver('closed');
    expect(await firstVisit(gone.d, 'https://p.example/')).toBe('closed');
    expect(gone.log).toEqual(['clean', 'load https://p.example/']);
  });
});

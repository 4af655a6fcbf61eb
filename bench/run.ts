import { useTldts } from '../src/core/audit/tldts-site.ts';
import { useBundledMessages } from '../src/core/report/bundled-messages.ts';
import { benchFleetDiff, benchHostile, benchHostilePolicies, benchMatcher, benchPolicy, type Figure } from './core.bench.ts';
import { benchColdPopup, benchPopup, bundleSizes } from './popup.bench.ts';
import { benchFlood, benchScan } from './scan.bench.ts';
import { benchFleet } from './fleet.bench.ts';
import { benchJourneys } from './journeys.bench.ts';
import { benchEvidence } from './evidence.bench.ts';
import { benchBadge } from './badge.bench.ts';

// `npm run bench -- --no-browser` for the engine figures alone; `-- --only evidence` for one group.
useTldts();
useBundledMessages();
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
const figures: Figure[] = [];
if (!only) figures.push(benchMatcher(), benchPolicy(), ...benchHostile(), ...benchHostilePolicies(), await benchFleetDiff(), ...bundleSizes());
if (!process.argv.includes('--no-browser')) {
  if (!only) figures.push(...(await benchPopup()), ...(await benchColdPopup()), ...(await benchScan()), ...(await benchFleet()), ...(await benchJourneys()));
  if (only === 'journeys') figures.push(...(await benchJourneys()));
  if (only === 'popup') figures.push(...bundleSizes(), ...(await benchPopup()), ...(await benchColdPopup()));
  if (!only || only === 'evidence') figures.push(...(await benchEvidence()));
  if (!only || only === 'badge') figures.push(...(await benchBadge()));
  if (!only || only === 'flood') figures.push(...(await benchFlood()));
}
for (const f of figures) {
  const unit = f.note ? ` ${f.note}` : ' ms';
  console.log(`${f.name}\n  ${f.ms.toFixed(2)}${unit} (baseline ${f.baselineMs.toFixed(2)}${unit}): ${f.ratio}; target ${f.target}`);
}

import { benchMatcher, benchPolicy, type Figure } from './core.bench.ts';
import { benchPopup, bundleSizes } from './popup.bench.ts';

const figures: Figure[] = [benchMatcher(), benchPolicy(), ...bundleSizes()];
if (!process.argv.includes('--no-browser')) figures.push(...(await benchPopup()));
for (const f of figures) {
  const unit = f.note ? ' KB' : ' ms';
  console.log(`${f.name}\n  ${f.ms.toFixed(2)}${unit} (baseline ${f.baselineMs.toFixed(2)}${unit}): ${f.ratio}; target ${f.target}`);
}

// `ods-cookie-audit catalogue <file|url> [--json]`: the catalogue a policy declares.
import { notAPolicy } from '../../core/policy/looks-like-policy.ts';
import { readPolicy } from '../../core/policy/read-policy.ts';
import type { Catalogue } from '../../core/types.ts';
import { InputError, type Options } from '../args.ts';
import { quote, readSource } from '../io.ts';
import { EXIT, type Output } from '../output.ts';

function catalogueJson(catalogue: Catalogue) {
  return {
    language: catalogue.language,
    entries: catalogue.entries.map((e) => ({ pattern: e.pattern, provider: e.provider ?? null, service: e.service ?? null, purpose: e.purpose ?? null, category: e.category ?? null, ...(e.lifetime ? { lifetime: e.lifetime } : {}) })),
    warnings: catalogue.warnings,
  };
}

export async function commandCatalogue(options: Options, io: Output): Promise<number> {
  const location = options.positional[1];
  if (!location) throw new InputError('catalogue needs a policy file or URL');
  const text = await readSource(location, 'policy');
  const catalogue = readPolicy(text);
  // Nothing read, and nothing like a policy: the same answer `audit` gives for this input.
  const refusal = catalogue.entries.length === 0 ? notAPolicy(text) : undefined;
  if (refusal) throw new InputError(`policy ${quote(location)}: no declared cookies found (${refusal})`);
  if (options.flags.has('json')) io.data(JSON.stringify(catalogueJson(catalogue), null, 2));
  else {
    io.say(`${catalogue.entries.length} declared cookies (${catalogue.language})`);
    for (const e of catalogue.entries) io.say(`  ${e.pattern.padEnd(24)} ${[e.provider, e.service, e.category].filter(Boolean).join(' · ')}`);
    for (const w of catalogue.warnings) io.say(`  warning: ${w}`);
  }
  return EXIT.clean;
}

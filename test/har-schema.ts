// HAR 1.2 as the har-schema package (the schemas of the HTTP Archive spec) describes it, for the
// tests that check the evidence bundle's network logs.
import { createRequire } from 'node:module';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';

const require = createRequire(import.meta.url);

export function harValidator(): (har: unknown) => string[] {
  const schemas = require('har-schema') as Record<string, { $id: string }>;
  // har-schema is draft-06 and uses a few keywords of its own ("min"): known to ajv, not enforced.
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addMetaSchema(require('ajv/dist/refs/json-schema-draft-06.json'));
  for (const schema of Object.values(schemas)) ajv.addSchema(schema);
  const validate = ajv.getSchema('har.json#')!;
  return (har) => (validate(har) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`));
}

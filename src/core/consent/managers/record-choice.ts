// What a record of per-key answers says as a whole: every key refused, every key accepted, or mixed.
import type { RecordedChoice } from '../../vocabulary/consent.ts';

/** 'refuse-all' when every answer is false, 'accept-all' when every one is true, else 'mixed'; undefined for no answer. */
export function choiceOf(choices: Record<string, boolean>): RecordedChoice | undefined {
  const values = Object.values(choices);
  if (values.length === 0) return undefined;
  return values.every((v) => !v) ? 'refuse-all' : values.every((v) => v) ? 'accept-all' : 'mixed';
}

// A compliance check in words, and what cures it: the one place that turns a check's id into a
// message key (the popup, the reports and the report model call it with their own lookup). A
// report read from a file may name a check as a plain string.
import type { Words } from '../consent/consent-words.ts';
import type { CheckId } from '../vocabulary/checks.ts';

type Key = Parameters<Words>[0];
const snake = (id: string) => id.replace(/-/g, '_');
const camel = (id: string) => id.replace(/-(\w)/g, (_m, c: string) => c.toUpperCase());

/** What the check found, for one cookie. */
export const checkWords = (id: CheckId | string, t: Words): string => t(`check_${snake(id)}` as Key);
/** The rule it rests on. */
export const checkSource = (id: CheckId | string, t: Words): string => t(`checkSource_${camel(id)}` as Key);
/** What cures it: the attribute to set, the tag to hold until consent. */
export const checkRemedy = (id: CheckId | string, t: Words): string => t(`remedyCheck_${camel(id)}` as Key);

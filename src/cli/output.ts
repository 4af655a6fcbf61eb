// What the CLI prints, and its exit statuses. Human lines are cleaned (one line each, no control
// character: no terminal escape from a file reaches the terminal); report data goes out as is,
// already cleaned by the report model.
import { cleanText } from '../core/text/clean-text.ts';

export const EXIT = {
  /** Nothing undeclared. */
  clean: 0,
  /** Undeclared cookies found. */
  undeclared: 1,
  /** Bad input: a wrong flag, a file or URL that is not what it should be. */
  badInput: 2,
  /** A scanned portal could not be audited. */
  notAudited: 3,
  /** Writing failed, or an internal error. */
  failure: 4,
  /** merge --previous named a fleet that could not be read or validated: nothing was compared. */
  noBaseline: 5,
} as const;

export interface Output {
  /** A line for a person, on standard output. */
  say(line: string): void;
  /** A report or JSON document, on standard output, unchanged. */
  data(text: string): void;
  /** A line for a person, on standard error. */
  warn(line: string): void;
}

/** Each line of `text` cleaned of control characters. */
export function cleanLines(text: string): string {
  return text.split('\n').map(cleanText).join('\n');
}

export function output(out: (s: string) => void, err: (s: string) => void): Output {
  return { say: (line) => out(cleanLines(line)), data: (text) => out(text), warn: (line) => err(cleanLines(line)) };
}

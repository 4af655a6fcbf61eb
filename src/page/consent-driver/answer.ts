// A choice's answer: its codes, the dialog's title and the labels of the controls used, as read.
import type { ChoiceAnswer } from '../../core/consent/driver-protocol.ts';
import type { Choice } from '../../core/consent/managers/manager.ts';
import type { Clicker } from './safety.ts';
import { text } from './queries.ts';

export interface ChoiceContext {
  choice: Choice;
  clicks: Clicker;
  /** The token this choice leaves in the document. */
  mark: string;
}

type Outcome = ChoiceAnswer extends infer A ? A extends ChoiceAnswer ? Omit<A, 'labels' | 'mark' | 'choice' | 'dialogTitle'> : never : never;

const TITLE = 'h1, h2, h3, [id$="title" i], [class*="title" i]';

export function answer(context: ChoiceContext, outcome: Outcome, dialog?: Element): ChoiceAnswer {
  return {
    ...outcome, choice: context.choice, labels: context.clicks.labels, mark: context.mark,
    ...(dialog ? { dialogTitle: text(dialog.querySelector(TITLE) ?? dialog).slice(0, 160) } : {}),
  } as ChoiceAnswer;
}

import { useState } from 'preact/hooks';
import { t } from '../i18n.ts';

interface Props {
  id: string;
  label: string;
  question: string;
  /** A further sentence under the question (what else the action does). */
  note?: string;
  go: string;
  onConfirm(): void;
}

/** An action that sets the user's cookies aside: a button, then a question before it runs. */
export function ConfirmAction({ id, label, question, note, go, onConfirm }: Props) {
  const [asking, setAsking] = useState(false);
  if (!asking) return <button type="button" id={id} onClick={() => setAsking(true)}>{label}</button>;
  return (
    <div class="confirm" role="group" aria-labelledby={`${id}-question`}>
      <p id={`${id}-question`}>{question}</p>
      {note && <p class="muted">{note}</p>}
      <div class="buttons">
        <button type="button" class="primary" id={`${id}-confirm`} onClick={onConfirm}>{go}</button>
        <button type="button" onClick={() => setAsking(false)}>{t('cancel')}</button>
      </div>
    </div>
  );
}

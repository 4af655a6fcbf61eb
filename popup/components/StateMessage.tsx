import type { ComponentChildren } from 'preact';

interface Props {
  title: string;
  body?: string;
  alert?: string | undefined;
  busy?: boolean;
  children?: ComponentChildren;
}

/** Loading, non-web tabs, missing permissions and errors: one clear message, never a blank popup. */
export function StateMessage({ title, body, alert, busy, children }: Props) {
  return (
    <section class="state" aria-busy={busy ? 'true' : undefined}>
      {busy && <div class="spinner" aria-hidden="true" />}
      <h1>{title}</h1>
      {body && body !== alert && <p>{body}</p>}
      {alert && <p role="alert" class="alert">{alert}</p>}
      {children}
    </section>
  );
}

import type { CookieFinding } from '../../src/core/types.ts';
import { CookieRow } from './CookieRow.tsx';

interface Props {
  id: string;
  tone: 'bad' | 'good';
  title: string;
  hint?: string;
  empty: string;
  cookies: CookieFinding[];
}

export function CookieList({ id, tone, title, hint, empty, cookies }: Props) {
  return (
    <section class={`group ${tone}`} id={id} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>
        {title} <span class="badge">{cookies.length}</span>
      </h2>
      {hint && cookies.length > 0 && <p class="hint">{hint}</p>}
      {cookies.length === 0 ? <p class="muted">{empty}</p> : <ul class="rows">{cookies.map((c) => <CookieRow key={`${c.name}|${c.domain}|${c.path}|${c.partition ?? ''}|${c.storeId ?? ''}`} cookie={c} />)}</ul>}
    </section>
  );
}

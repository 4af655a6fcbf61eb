import type { ThirdPartyView } from '../../src/messages.ts';
import { requestOrigins } from '../api.ts';
import { t, tn } from '../i18n.ts';

/** The other sites the page loaded, grouped by site, and access to read their cookies on request. */
export function ThirdPartySites({ view, onGranted }: { view: ThirdPartyView | undefined; onGranted(): void }) {
  if (!view || view.sites.length === 0) return null;
  const unreadable = view.sites.filter((s) => !s.readable).length;
  return (
    <section class="group neutral" id="third-party" aria-labelledby="third-party-title">
      <h2 id="third-party-title">
        {t('thirdPartyTitle')} <span class="badge">{view.sites.length}</span>
      </h2>
      <ul class="sites">
        {view.sites.map((s) => (
          <li data-site={s.site}>
            <code>{s.site}</code> {s.readable ? tn('thirdPartyCookies', s.cookies) : <span class="muted">{t('thirdPartyUnread')}</span>}
          </li>
        ))}
      </ul>
      {unreadable > 0 && (
        <button type="button" onClick={() => void requestOrigins(view.origins).then((granted) => granted && onGranted())}>
          {tn('thirdPartyGrant', unreadable)}
        </button>
      )}
    </section>
  );
}

import { render } from 'preact';
import { activeTabId, messageApi, requestOrigins } from './api.ts';
import { App } from './components/App.tsx';
import { uiLanguage } from './i18n.ts';

// `popup.html?tab=ID` shows the audit of another tab: the popup opened in a tab of its own, for a
// larger view (and for the Firefox tests, which cannot open the toolbar popup).
const requested = Number.parseInt(new URLSearchParams(location.search).get('tab') ?? '', 10);
const tabId = Number.isInteger(requested) ? Promise.resolve(requested) : activeTabId();

document.documentElement.lang = uiLanguage;
render(<App api={messageApi} tabId={tabId} requestOrigins={requestOrigins} />, document.getElementById('app')!);

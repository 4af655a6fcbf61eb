import { render } from 'preact';
import { activeTabId, messageApi, requestOrigins } from './api.ts';
import { App } from './components/App.tsx';
import { uiLanguage } from './i18n.ts';

document.documentElement.lang = uiLanguage;
render(<App api={messageApi} tabId={activeTabId()} requestOrigins={requestOrigins} />, document.getElementById('app')!);

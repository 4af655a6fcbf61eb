import { render } from 'preact';
import { uiLanguage } from '../popup/i18n.ts';
import { CatalogueEditor } from './components/CatalogueEditor.tsx';

document.documentElement.lang = uiLanguage;
const origin = new URLSearchParams(location.search).get('origin') ?? '';
render(<CatalogueEditor initialOrigin={origin} />, document.getElementById('app')!);

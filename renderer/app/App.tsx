// The root: providers (i18n, store) and the shell that shows the screen the state calls for.
import { useEffect, useState } from 'react';
import { I18nextProvider, useTranslation } from 'react-i18next';
import type { i18n as I18n } from 'i18next';
import { createI18n } from '../i18n/i18n.ts';
import { languageFromLocales, systemLocales, type UiLanguage } from '../i18n/locale.ts';
import { createClientStore, type ClientStore } from '../state/client-store.ts';
import type { ApiClient } from './api-client.ts';
import { ScreenView } from './ScreenView.tsx';
import { StoreProvider, useClient } from './store-context.tsx';

export interface AppProps {
  api: ApiClient;
  /** Before main's first snapshot says which language to use (tests pin it). */
  initialLanguage?: UiLanguage;
}

export function App({ api, initialLanguage }: AppProps) {
  const [store] = useState<ClientStore>(() => createClientStore(api));
  const [i18n] = useState<I18n>(() =>
    createI18n(initialLanguage ?? languageFromLocales(systemLocales())),
  );
  useEffect(() => {
    void store.getState().start();
    return () => store.getState().stop();
  }, [store]);
  return (
    <I18nextProvider i18n={i18n}>
      <StoreProvider store={store}>
        <LanguageSync />
        <Shell />
      </StoreProvider>
    </I18nextProvider>
  );
}

// Main decides the language (the setting, or the OS locale under "system"); follow it.
function LanguageSync() {
  const { i18n } = useTranslation();
  const locale = useClient((s) => s.snapshot?.app.locale);
  useEffect(() => {
    if (locale && i18n.language !== locale) void i18n.changeLanguage(locale);
  }, [locale, i18n]);
  useEffect(() => {
    document.documentElement.lang = i18n.language;
    document.title = i18n.t('app.name');
  }, [i18n, i18n.language]);
  return null;
}

function Shell() {
  const { t } = useTranslation();
  const hasSnapshot = useClient((s) => s.snapshot !== null);
  const settingsOpen = useClient((s) => s.settingsOpen);
  const openSettings = useClient((s) => s.openSettings);
  return (
    <div className="shell">
      <header className="topbar">
        <div className="brand">
          <span className="brand-name">{t('app.name')}</span>
          <span className="brand-tagline">{t('app.tagline')}</span>
        </div>
        {hasSnapshot && !settingsOpen ? (
          <button type="button" className="button button-secondary" onClick={openSettings}>
            <span aria-hidden="true">⚙ </span>
            {t('app.settings')}
          </button>
        ) : null}
      </header>
      <main className="content">
        <ScreenView />
      </main>
    </div>
  );
}

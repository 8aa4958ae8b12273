// One i18next instance per console root (tests make their own). The shell's strings are bundled;
// each page adds its own when its chunk loads (messages.ts).
import { createInstance, type i18n as I18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en.ts';
import type { ConsoleLanguage } from './language.ts';
import { zhCN } from './zh-CN.ts';

export function createConsoleI18n(language: ConsoleLanguage): I18n {
  const instance = createInstance();
  void instance.use(initReactI18next).init({
    resources: { en: { translation: en }, 'zh-CN': { translation: zhCN } },
    lng: language,
    fallbackLng: 'en',
    supportedLngs: ['en', 'zh-CN'],
    // zh-CN must not fall back to a "zh" bundle that does not exist.
    load: 'currentOnly',
    interpolation: { escapeValue: false }, // React escapes.
    returnNull: false,
    initAsync: false,
  });
  return instance;
}

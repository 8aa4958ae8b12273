// One i18next instance per app root (tests make their own), resources bundled: no network.
import { createInstance, type i18n as I18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en.ts';
import type { UiLanguage } from './locale.ts';
import { zhCN } from './zh-CN.ts';

export const resources = {
  en: { translation: en },
  'zh-CN': { translation: zhCN },
} as const;

export function createI18n(language: UiLanguage): I18n {
  const instance = createInstance();
  void instance.use(initReactI18next).init({
    resources,
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

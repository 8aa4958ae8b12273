import { useTranslation } from 'react-i18next';
import { isConsoleLanguage, type ConsoleLanguage } from './language.ts';

/** The console's current language (re-renders when it changes). */
export function useLanguage(): ConsoleLanguage {
  const { i18n } = useTranslation();
  return isConsoleLanguage(i18n.language) ? i18n.language : 'en';
}

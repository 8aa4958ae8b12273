// zh-CN / en for the whole console, remembered in this browser.
import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import {
  browserStorage,
  CONSOLE_LANGUAGES,
  isConsoleLanguage,
  rememberLanguage,
} from '../i18n/language.ts';

export function LanguageSwitcher() {
  const { t, i18n } = useTranslation();
  return (
    <Select
      aria-label={t('layout.language')}
      value={isConsoleLanguage(i18n.language) ? i18n.language : 'en'}
      onChange={(language) => {
        rememberLanguage(browserStorage(), language);
        void i18n.changeLanguage(language);
      }}
      options={CONSOLE_LANGUAGES.map((language) => ({
        value: language,
        label: t(`language.${language}`),
      }))}
      style={{ width: 120 }}
      data-testid="language-switcher"
    />
  );
}

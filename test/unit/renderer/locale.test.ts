import { describe, expect, it } from 'vitest';
import { languageFromLocales, resolveLanguage } from '../../../renderer/i18n/locale.ts';

describe('UI language', () => {
  it('follows the first known OS locale', () => {
    expect(languageFromLocales(['zh-CN', 'en-US'])).toBe('zh-CN');
    expect(languageFromLocales(['zh-TW'])).toBe('zh-CN');
    expect(languageFromLocales(['zh_Hans_CN'])).toBe('zh-CN');
    expect(languageFromLocales(['fr-FR', 'zh-CN', 'en'])).toBe('zh-CN');
    expect(languageFromLocales(['en-GB', 'zh-CN'])).toBe('en');
    expect(languageFromLocales(['de-DE'])).toBe('en');
    expect(languageFromLocales([])).toBe('en');
  });

  it('lets the setting override the OS', () => {
    expect(resolveLanguage('en', ['zh-CN'])).toBe('en');
    expect(resolveLanguage('zh-CN', ['en-US'])).toBe('zh-CN');
    expect(resolveLanguage('system', ['zh-CN'])).toBe('zh-CN');
    expect(resolveLanguage(undefined, ['en-US'])).toBe('en');
  });
});

// Which language the UI speaks: the person's setting when they chose one, otherwise the OS or
// browser locale list (any Chinese variant -> zh-CN, anything else -> en).
export const UI_LANGUAGES = ['en', 'zh-CN'] as const;
export type UiLanguage = (typeof UI_LANGUAGES)[number];
export type LanguageSetting = 'system' | UiLanguage;

export function languageFromLocales(locales: readonly string[]): UiLanguage {
  for (const raw of locales) {
    const tag = raw.toLowerCase();
    if (tag === 'zh' || tag.startsWith('zh-') || tag.startsWith('zh_')) return 'zh-CN';
    if (tag === 'en' || tag.startsWith('en-') || tag.startsWith('en_')) return 'en';
  }
  return 'en';
}

export function resolveLanguage(
  setting: LanguageSetting | undefined,
  systemLocales: readonly string[],
): UiLanguage {
  if (setting === 'en' || setting === 'zh-CN') return setting;
  return languageFromLocales(systemLocales);
}

/** The locales the OS or browser reports, best first. */
export function systemLocales(): string[] {
  if (typeof navigator === 'undefined') return [];
  const list = navigator.languages?.length ? navigator.languages : [navigator.language];
  return list.filter((l): l is string => typeof l === 'string' && l.length > 0);
}

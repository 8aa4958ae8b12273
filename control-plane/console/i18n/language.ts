// Which language the console speaks: the admin's choice when they made one (kept in this
// browser), otherwise the browser's language list (any Chinese variant -> zh-CN, else en).
export const CONSOLE_LANGUAGES = ['en', 'zh-CN'] as const;
export type ConsoleLanguage = (typeof CONSOLE_LANGUAGES)[number];

const STORAGE_KEY = 'gatehouse.console.language';

export function languageFromLocales(locales: readonly string[]): ConsoleLanguage {
  for (const raw of locales) {
    const tag = raw.toLowerCase();
    if (tag === 'zh' || tag.startsWith('zh-') || tag.startsWith('zh_')) return 'zh-CN';
    if (tag === 'en' || tag.startsWith('en-') || tag.startsWith('en_')) return 'en';
  }
  return 'en';
}

export const isConsoleLanguage = (value: unknown): value is ConsoleLanguage =>
  value === 'en' || value === 'zh-CN';

export function initialLanguage(storage: Pick<Storage, 'getItem'> | undefined): ConsoleLanguage {
  const chosen = storage?.getItem(STORAGE_KEY);
  if (isConsoleLanguage(chosen)) return chosen;
  const list =
    typeof navigator === 'undefined'
      ? []
      : navigator.languages?.length
        ? navigator.languages
        : [navigator.language];
  return languageFromLocales(list);
}

export function rememberLanguage(
  storage: Pick<Storage, 'setItem'> | undefined,
  language: ConsoleLanguage,
): void {
  try {
    storage?.setItem(STORAGE_KEY, language);
  } catch {
    // Private windows may refuse storage: the choice then lasts until the tab closes.
  }
}

/** localStorage when the browser lets us use it. */
export function browserStorage(): Storage | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    return undefined;
  }
}

// The shape of one catalog entry. Messages may carry {placeholders} filled from the error's
// params; `fix` says what the person reading it can do about it (omitted when nothing can).
export type Locale = 'en' | 'zh-CN';

export interface LocalizedText {
  en: string;
  'zh-CN': string;
}

export interface ErrorDefinition {
  status: number;
  message: LocalizedText;
  fix?: LocalizedText;
}

/** Keeps the literal keys of a catalog section while checking every entry's shape. */
export const defineErrors = <const T extends Record<string, ErrorDefinition>>(entries: T): T =>
  entries;

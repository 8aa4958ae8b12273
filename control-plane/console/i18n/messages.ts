// Page messages travel with their page's lazy chunk: a page declares its en catalog, the zh-CN
// one must have the same shape (checked here by the type, and by the parity unit test that
// reads every messages.ts), and useMessages() adds them to i18next the first time it renders.
import { useTranslation } from 'react-i18next';
import type { ConsoleLanguage } from './language.ts';

/** The same tree of keys with string leaves. */
export type SameKeys<T> = { [K in keyof T]: T[K] extends string ? string : SameKeys<T[K]> };

export interface MessageTree {
  [key: string]: string | MessageTree;
}

export type PageMessages<T extends MessageTree = MessageTree> = Record<
  ConsoleLanguage,
  T | SameKeys<T>
>;

/** Declares a page's messages under one top-level key (its namespace within "translation"). */
export function defineMessages<T extends MessageTree>(
  key: string,
  en: T,
  zhCN: SameKeys<T>,
): { key: string; messages: PageMessages<T> } {
  return { key, messages: { en, 'zh-CN': zhCN } };
}

const added = new WeakMap<object, WeakSet<object>>();

/** Registers the page's messages with this i18next instance once; returns its t. */
export function useMessages(page: { key: string; messages: PageMessages }) {
  const { t, i18n } = useTranslation();
  let seen = added.get(i18n);
  if (!seen) added.set(i18n, (seen = new WeakSet()));
  if (!seen.has(page.messages)) {
    for (const language of Object.keys(page.messages) as ConsoleLanguage[])
      i18n.addResourceBundle(
        language,
        'translation',
        { [page.key]: page.messages[language] },
        true,
        true,
      );
    seen.add(page.messages);
  }
  return t;
}

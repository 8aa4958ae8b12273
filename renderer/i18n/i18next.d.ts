// Typed keys: t('a.b') must name a string of en.ts, so a typo fails the typecheck instead of
// showing the raw key to a person.
import 'i18next';
import type { en } from './en.ts';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof en };
  }
}

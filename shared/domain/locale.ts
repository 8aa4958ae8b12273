// Picks the language of an answer from an Accept-Language header. The product speaks en and
// zh-CN; any Chinese variant gets zh-CN, anything else (or nothing) gets en.
import type { Locale } from './errors/define.ts';

export const DEFAULT_LOCALE: Locale = 'en';

export function pickLocale(acceptLanguage: string | undefined | null): Locale {
  if (!acceptLanguage) return DEFAULT_LOCALE;
  let best: { locale: Locale; q: number } | undefined;
  for (const part of acceptLanguage.slice(0, 512).split(',')) {
    const [tagRaw, ...paramsRaw] = part.trim().split(';');
    const tag = (tagRaw ?? '').trim().toLowerCase();
    const qParam = paramsRaw.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (!Number.isFinite(q) || q <= 0) continue;
    const locale: Locale | undefined =
      tag === 'zh' || tag.startsWith('zh-')
        ? 'zh-CN'
        : tag === 'en' || tag.startsWith('en-')
          ? 'en'
          : undefined;
    if (locale && (!best || q > best.q)) best = { locale, q };
  }
  return best?.locale ?? DEFAULT_LOCALE;
}

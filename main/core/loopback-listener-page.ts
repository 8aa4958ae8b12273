// The page the browser tab shows after the sign-in comes back to the loopback listener:
// "return to Gatehouse", or what went wrong with its code and fix. Static HTML, no script, no
// external resources, so it is served under "default-src 'none'".
import type { Locale } from '../../shared/domain/errors/define.ts';

export type LoopbackPageOutcome =
  { ok: true } | { ok: false; code: string; message: string; fix?: string | undefined };

const TEXT = {
  done: { en: 'Signed in', 'zh-CN': '登录成功' },
  doneBody: {
    en: 'You can close this tab and return to Gatehouse.',
    'zh-CN': '您可以关闭此标签页，返回 Gatehouse。',
  },
  failed: { en: 'Sign-in did not complete', 'zh-CN': '登录未完成' },
  code: { en: 'Error code', 'zh-CN': '错误代码' },
  fix: { en: 'What to do', 'zh-CN': '处理方法' },
  back: {
    en: 'Return to Gatehouse to try again.',
    'zh-CN': '请返回 Gatehouse 重试。',
  },
} as const;

export const LOOPBACK_PAGE_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function renderLoopbackPage(locale: Locale, outcome: LoopbackPageOutcome): string {
  const title = outcome.ok ? TEXT.done[locale] : TEXT.failed[locale];
  const body = outcome.ok
    ? `<p>${escapeHtml(TEXT.doneBody[locale])}</p>`
    : [
        `<p role="alert">${escapeHtml(outcome.message)}</p>`,
        outcome.fix
          ? `<p><strong>${escapeHtml(TEXT.fix[locale])}:</strong> ${escapeHtml(outcome.fix)}</p>`
          : '',
        `<p class="muted">${escapeHtml(TEXT.code[locale])}: <code>${escapeHtml(outcome.code)}</code></p>`,
        `<p>${escapeHtml(TEXT.back[locale])}</p>`,
      ].join('\n');
  return `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Gatehouse</title>
<style>body{font-family:system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;max-width:34rem;margin:4rem auto;padding:0 1rem;color:#1f2329;line-height:1.5}.muted{color:#646a73;font-size:.9rem}</style>
</head><body><main><h1>${escapeHtml(title)}</h1>
${body}
</main></body></html>`;
}

// The page the browser tab shows once the sign-in is handed back to the client's loopback
// listener: "return to Gatehouse", or why it failed. Pure HTML text, no script, so any
// listener (the desktop client's, a test's) can serve it under a "default-src 'none'" CSP.
import type { Locale } from '../errors/define.ts';

const TEXT = {
  done: { en: 'Signed in', 'zh-CN': '登录成功' },
  doneBody: {
    en: 'You can close this tab and return to Gatehouse.',
    'zh-CN': '您可以关闭此页面，返回 Gatehouse。',
  },
  failed: { en: 'Sign-in failed', 'zh-CN': '登录失败' },
  failedBody: {
    en: 'Return to Gatehouse to see what to do next.',
    'zh-CN': '请返回 Gatehouse 查看处理方法。',
  },
  code: { en: 'Error code', 'zh-CN': '错误代码' },
} as const;

export const RETURN_PAGE_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function returnToAppPage(
  locale: Locale,
  outcome: { ok: true } | { ok: false; message?: string; code?: string },
): string {
  const title = outcome.ok ? TEXT.done[locale] : TEXT.failed[locale];
  const lines = outcome.ok
    ? [`<p>${escapeHtml(TEXT.doneBody[locale])}</p>`]
    : [
        outcome.message ? `<p role="alert">${escapeHtml(outcome.message)}</p>` : '',
        outcome.code
          ? `<p class="muted">${escapeHtml(TEXT.code[locale])}: ${escapeHtml(outcome.code)}</p>`
          : '',
        `<p>${escapeHtml(TEXT.failedBody[locale])}</p>`,
      ];
  return `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Gatehouse</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#1f2329}.muted{color:#646a73;font-size:.9rem}</style>
</head><body><main><h1>${escapeHtml(title)}</h1>${lines.join('\n')}</main></body></html>`;
}

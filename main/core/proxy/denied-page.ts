// What a person sees when the proxy refuses a destination: for plain HTTP a small page (zh-CN or
// en by Accept-Language) naming the application, the policy and the reason; for CONNECT (which a
// browser never shows) a 403 with the reason in headers and a two-line text body. Static HTML, no
// script, no external resources.
import type { Locale } from '../../../shared/domain/errors/define.ts';
import { reasonText, type ReasonCode } from '../../../shared/domain/policy/reasons.ts';

export interface DeniedInfo {
  host: string;
  port: number;
  reason: ReasonCode;
  appId?: string | undefined;
  appName?: string | undefined;
  policyName?: string | undefined;
}

const TEXT = {
  title: { en: 'Access denied', 'zh-CN': '访问被拒绝' },
  lead: {
    en: 'Gatehouse did not let this request through.',
    'zh-CN': 'Gatehouse 未放行此请求。',
  },
  destination: { en: 'Address', 'zh-CN': '地址' },
  application: { en: 'Application', 'zh-CN': '应用' },
  policy: { en: 'Policy', 'zh-CN': '策略' },
  reason: { en: 'Reason', 'zh-CN': '原因' },
  code: { en: 'Code', 'zh-CN': '代码' },
  help: {
    en: 'Open Gatehouse to see your applications. If you need this one, ask your IT team and mention the code above.',
    'zh-CN': '打开 Gatehouse 可查看你可以访问的应用。如需访问此应用，请联系 IT 并提供上面的代码。',
  },
} as const;

export const DENIED_PAGE_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const authority = (host: string, port: number): string =>
  `${host.includes(':') && !host.startsWith('[') ? `[${host}]` : host}:${port}`;

export function renderDeniedPage(locale: Locale, info: DeniedInfo): string {
  const row = (label: string, value: string | undefined): string =>
    value === undefined || value === ''
      ? ''
      : `<tr><th>${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`;
  const app =
    info.appName !== undefined && info.appId !== undefined
      ? `${info.appName} (${info.appId})`
      : (info.appName ?? info.appId);
  return `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(TEXT.title[locale])} · Gatehouse</title>
<style>body{font-family:system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#1f2329;line-height:1.5}th{text-align:left;padding-right:1rem;color:#646a73;font-weight:normal;vertical-align:top}td{word-break:break-all}.muted{color:#646a73;font-size:.9rem}</style>
</head><body><main><h1>${escapeHtml(TEXT.title[locale])}</h1>
<p role="alert">${escapeHtml(reasonText(info.reason, locale, info.policyName))}</p>
<table>
${row(TEXT.destination[locale], authority(info.host, info.port))}
${row(TEXT.application[locale], app)}
${row(TEXT.policy[locale], info.policyName)}
${row(TEXT.reason[locale], reasonText(info.reason, locale, info.policyName))}
${row(TEXT.code[locale], info.reason)}
</table>
<p class="muted">${escapeHtml(TEXT.lead[locale])} ${escapeHtml(TEXT.help[locale])}</p>
</main></body></html>`;
}

/** Header values must be ASCII: names (often Chinese) are percent-encoded. */
const headerValue = (s: string): string => encodeURIComponent(s).slice(0, 512);

/** The whole HTTP/1.1 response to a refused CONNECT; the connection closes after it. */
export function deniedConnectResponse(info: DeniedInfo): string {
  const body = `${reasonText(info.reason, 'en', info.policyName)}\n${reasonText(info.reason, 'zh-CN', info.policyName)}\n`;
  const headers = [
    'HTTP/1.1 403 Forbidden',
    `X-Gatehouse-Reason: ${info.reason}`,
    info.appId === undefined ? '' : `X-Gatehouse-Application: ${headerValue(info.appId)}`,
    info.policyName === undefined ? '' : `X-Gatehouse-Policy: ${headerValue(info.policyName)}`,
    'Content-Type: text/plain; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Connection: close',
  ].filter((h) => h !== '');
  return `${headers.join('\r\n')}\r\n\r\n${body}`;
}

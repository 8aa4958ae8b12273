// The broker's HTML: the QR page for the client's embedded view and the translated error page
// shown when a sign-in fails before the client's loopback address is known. Both are sent with
// a strict CSP; the QR page allows only its own nonce'd script, the brand's QR SDK script and
// the SDK's frame, and follows a scan only for a message whose origin the SDK vouches for.
import { randomBytes } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import { escapeHtml } from '../../shared/domain/auth/return-page.ts';
import {
  errorBody,
  errorCatalog,
  type ErrorCode,
  type ErrorParams,
} from '../../shared/domain/errors/index.ts';
import type { Brand } from '../../shared/domain/identity-source.ts';
import { fillText, SIGNIN_TEXT, type Locale } from './signin-text.ts';

const STYLE = `body{font-family:system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;max-width:34rem;margin:3rem auto;padding:0 1rem;color:#1f2329}
h1{font-size:1.4rem}.muted{color:#646a73;font-size:.9rem}#login_container{min-height:320px;display:flex;justify-content:center}
.fix{background:#f5f6f7;border-radius:6px;padding:.75rem 1rem}`;

interface Page {
  status: number;
  html: string;
  csp: string;
}

function shell(locale: Locale, title: string, body: string, nonce: string, head = ''): string {
  return `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)} · Gatehouse</title>
<style nonce="${nonce}">${STYLE}</style>${head}
</head><body><main>${body}</main></body></html>`;
}

export function sendPage(reply: FastifyReply, page: Page): FastifyReply {
  return reply
    .status(page.status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('content-security-policy', page.csp)
    .header('cache-control', 'no-store')
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer')
    .header('x-frame-options', 'DENY')
    .send(page.html);
}

export function errorPage(locale: Locale, code: ErrorCode, params: ErrorParams = {}): Page {
  const nonce = randomBytes(16).toString('base64');
  const body = errorBody(code, locale, params).error;
  const t = SIGNIN_TEXT;
  const html = shell(
    locale,
    t.errorTitle[locale],
    `<h1>${escapeHtml(t.errorTitle[locale])}</h1>
<p role="alert">${escapeHtml(body.message)}</p>
${body.fix ? `<div class="fix"><strong>${escapeHtml(t.whatToDo[locale])}</strong><p>${escapeHtml(body.fix)}</p></div>` : ''}
<p class="muted">${escapeHtml(t.errorCode[locale])}: <code>${escapeHtml(code)}</code></p>`,
    nonce,
  );
  return {
    status: errorCatalog[code].status,
    html,
    csp: `default-src 'none'; style-src 'nonce-${nonce}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
  };
}

/**
 * The hand-over to the client's loopback address as a page that moves on by itself. A 302
 * would do for the protocol, but the browser arrives here by a redirect chain that began with
 * the sign-in page's form, and a browser enforces that page's CSP form-action on the whole
 * chain (Feishu's consent page may allow its registered Redirect URL, not 127.0.0.1): a fresh
 * navigation from our own page is not bound by it. No script, so the refresh and the link are
 * the whole mechanism.
 */
export function returnPage(locale: Locale, location: string): Page {
  const nonce = randomBytes(16).toString('base64');
  const t = SIGNIN_TEXT;
  const url = escapeHtml(location);
  const head = `\n<meta http-equiv="refresh" content="0; url=${url}">`;
  const html = shell(
    locale,
    t.returning[locale],
    `<h1>${escapeHtml(t.returning[locale])}</h1>\n<p><a href="${url}">${escapeHtml(t.continueLink[locale])}</a></p>`,
    nonce,
    head,
  );
  return {
    status: 200,
    html,
    csp: `default-src 'none'; style-src 'nonce-${nonce}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
  };
}

export interface QrPageInput {
  locale: Locale;
  brand: Brand;
  /** The passport authorize URL the SDK's frame starts from (and the page then follows). */
  goto: string;
  qrScriptUrl: string;
  /** Origins the SDK's frame may come from (the passport host; the script's host). */
  frameOrigins: string[];
  /** The browser sign-in of the same transaction, offered as a fallback. */
  browserUrl: string;
}

const jsonForScript = (value: unknown) =>
  JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');

export function qrPage(input: QrPageInput): Page {
  const { locale, brand } = input;
  const nonce = randomBytes(16).toString('base64');
  const t = SIGNIN_TEXT;
  const brandName = t.brand[brand][locale];
  const scriptOrigin = new URL(input.qrScriptUrl).origin;
  // Runs once: the SDK checks the message's origin (and, from 1.0.3, its shape) before the page
  // navigates to goto + tmp_code, the documented hand-over.
  const script = `(function () {
  var cfg = JSON.parse(document.getElementById('qr-config').textContent);
  var status = document.getElementById('qr-status');
  if (typeof window.QRLogin !== 'function') { status.textContent = cfg.noScript; return; }
  var qr = window.QRLogin({ id: 'login_container', goto: cfg.goto, width: '300', height: '320' });
  var done = false;
  window.addEventListener('message', function (event) {
    if (done || !qr.matchOrigin(event.origin)) return;
    if (typeof qr.matchData === 'function' && !qr.matchData(event.data)) return;
    var tmp = event.data && typeof event.data === 'object' ? event.data.tmp_code : event.data;
    if (typeof tmp !== 'string' || !/^[A-Za-z0-9_.~-]{1,512}$/.test(tmp)) return;
    done = true;
    window.location.href = cfg.goto + '&tmp_code=' + encodeURIComponent(tmp);
  });
})();`;
  const config = { goto: input.goto, noScript: t.qrNoScript[locale] };
  const body = `<h1>${escapeHtml(t.qrTitle[locale])}</h1>
<p>${escapeHtml(fillText(t.qrHint[locale], { brand: brandName }))}</p>
<div id="login_container"></div>
<p id="qr-status" class="muted" role="status"></p>
<p><a href="${escapeHtml(input.browserUrl)}" target="_blank" rel="noopener noreferrer">${escapeHtml(t.useBrowser[locale])}</a></p>
<script type="application/json" id="qr-config" nonce="${nonce}">${jsonForScript(config)}</script>
<script src="${escapeHtml(input.qrScriptUrl)}" nonce="${nonce}"></script>
<script nonce="${nonce}">${script}</script>`;
  const frames = [...new Set(input.frameOrigins)].join(' ');
  return {
    status: 200,
    html: shell(locale, t.qrTitle[locale], body, nonce),
    csp: [
      `default-src 'none'`,
      `script-src 'nonce-${nonce}' ${scriptOrigin}`,
      `style-src 'nonce-${nonce}'`,
      // The SDK styles the iframe it makes through its style attribute.
      `style-src-attr 'unsafe-inline'`,
      `frame-src ${frames}`,
      `img-src 'self' data: ${scriptOrigin}`,
      `connect-src 'none'`,
      `base-uri 'none'`,
      `form-action 'none'`,
      `frame-ancestors 'none'`,
    ].join('; '),
  };
}

// Server-rendered pages with a strict CSP: no inline script, the one stylesheet allowed by its
// hash, forms only to the sandbox itself (plus, on the consent page, the app's redirect origin,
// because Chromium applies form-action to the redirect that follows a form post).
import { createHash } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import type { Brand } from '../org/types.ts';
import { TEXT, type Lang } from './i18n.ts';

export const esc = (s: string): string =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

const CSS = `
*{box-sizing:border-box}body{margin:0;font:15px/1.5 system-ui,"PingFang SC","Microsoft YaHei",sans-serif;background:#f2f3f5;color:#1f2329}
main{max-width:400px;margin:48px auto;background:#fff;border-radius:8px;padding:32px;box-shadow:0 2px 8px rgba(0,0,0,.08)}
header{display:flex;justify-content:space-between;align-items:center;margin-bottom:24px}
.logo{font-weight:700;font-size:20px;color:#3370ff}.note{font-size:12px;color:#8f959e}
h1{font-size:20px;margin:0 0 4px}p{margin:8px 0}label{display:block;margin:16px 0 4px;font-weight:500}
input[type=text],input[type=password]{width:100%;padding:9px 11px;border:1px solid #d0d3d6;border-radius:6px;font:inherit}
input:focus,button:focus{outline:2px solid #3370ff;outline-offset:1px}
button{width:100%;margin-top:16px;padding:10px;border:0;border-radius:6px;font:inherit;background:#3370ff;color:#fff;cursor:pointer}
button.secondary{background:#fff;color:#1f2329;border:1px solid #d0d3d6}
.row{display:flex;gap:12px}.row form{flex:1}
.error{margin-top:16px;padding:10px 12px;border-radius:6px;background:#fff0f0;color:#d83931}
ul{padding-left:20px}footer{margin-top:24px;font-size:13px}a{color:#3370ff}
.qr{text-align:center}.qr svg{width:250px;height:250px}.muted{color:#646a73;font-size:13px}
body.framed{background:#fff}body.framed main{margin:0 auto;padding:8px;box-shadow:none;max-width:none}
body.framed header{display:none}body.framed h1{font-size:15px}body.framed p{margin:4px 0}
body.framed .qr svg{width:min(250px,90vw,calc(100vh - 120px));height:auto}
`;
const CSS_HASH = `'sha256-${createHash('sha256').update(CSS).digest('base64')}'`;

export interface Page {
  status: number;
  html: string;
  csp: string;
  /** The QR page lives in an iframe on the app's page; everything else refuses framing. */
  framable?: boolean;
}

export interface PageInput {
  brand: Brand;
  lang: Lang;
  title: string;
  body: string;
  status?: number;
  /** Extra form-action sources (the consent page's redirect origin). */
  formTargets?: string[];
  /** Path of a same-origin script (only the QR frame has one). */
  script?: string;
  langSwitchHref?: string;
  framable?: boolean;
  /** data-* settings for the page's script (the QR frame reads its poll URL from here). */
  data?: Record<string, string>;
}

const dataAttrs = (data: Record<string, string> = {}): string =>
  Object.entries(data)
    .map(([k, v]) => ` data-${k}="${esc(v)}"`)
    .join('');

export function renderPage(input: PageInput): Page {
  const brandName = TEXT.brand[input.brand][input.lang];
  const csp = [
    "default-src 'none'",
    `style-src ${CSS_HASH}`,
    "img-src 'self' data:",
    `form-action 'self'${(input.formTargets ?? []).map((o) => ` ${o}`).join('')}`,
    input.framable ? 'frame-ancestors *' : "frame-ancestors 'none'",
    "base-uri 'none'",
    ...(input.script ? ["script-src 'self'", "connect-src 'self'"] : []),
  ].join('; ');
  const switcher = input.langSwitchHref
    ? `<a href="${esc(input.langSwitchHref)}" lang="${input.lang === 'en' ? 'zh-CN' : 'en'}">${esc(TEXT.otherLang[input.lang])}</a>`
    : '';
  const html = `<!doctype html>
<html lang="${input.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${esc(input.title)} - ${esc(brandName)}</title>
<style>${CSS}</style>
</head>
<body${input.framable ? ' class="framed"' : ''}${dataAttrs(input.data)}>
<main>
<header><span class="logo">${esc(brandName)}</span><span class="note">${esc(TEXT.sandboxNote[input.lang])}</span></header>
${input.body}
${switcher ? `<footer>${switcher}</footer>` : ''}
</main>
${input.script ? `<script src="${esc(input.script)}"></script>` : ''}
</body>
</html>
`;
  return { status: input.status ?? 200, html, csp, framable: input.framable ?? false };
}

export function sendPage(reply: FastifyReply, page: Page, cookie?: string): FastifyReply {
  reply
    .code(page.status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('content-security-policy', page.csp)
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer')
    .header('cache-control', 'no-store');
  if (!page.framable) reply.header('x-frame-options', 'DENY');
  if (cookie) reply.header('set-cookie', cookie);
  return reply.send(page.html);
}

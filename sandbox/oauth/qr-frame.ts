// The page inside the QR SDK's iframe, its script and the poll it uses. The page validates
// `goto` like the passport authorize page would (a bad app or redirect shows an error instead
// of a QR), creates a QR, and polls until the QR is scanned or expires; when scanned it posts
// {tmp_code} to the parent window with target '*', as Feishu's frame does.
import type { FastifyInstance } from 'fastify';
import { parseAuthorizeRequest, type AuthorizeParse } from './authorize-request.ts';
import { esc, renderPage, sendPage } from './html.ts';
import { fill, PAGE_ERRORS, pickLang, TEXT } from './i18n.ts';
import { inBrand, PATHS } from './paths.ts';
import { QR_TTL_MS } from './qr-store.ts';
import { qrSvg } from './qr-svg.ts';
import type { OAuthDeps } from './state.ts';

// Runs in the iframe; bounded: at most 400 polls and never past the QR's lifetime (+ margin).
export const FRAME_SCRIPT = `(function () {
  var body = document.body;
  var pollUrl = body.getAttribute('data-poll');
  var status = document.getElementById('status');
  var refresh = document.getElementById('refresh');
  if (!pollUrl || !status) return;
  var deadline = Date.now() + Number(body.getAttribute('data-ttl-ms') || 0) + 5000;
  var attempts = 0;
  function show(attr) {
    status.textContent = body.getAttribute(attr) || '';
  }
  function expired() {
    show('data-text-expired');
    if (refresh) refresh.hidden = false;
  }
  function poll() {
    attempts += 1;
    if (attempts > 400 || Date.now() > deadline) return expired();
    fetch(pollUrl, { cache: 'no-store' })
      .then(function (r) { return r.json(); })
      .then(function (d) {
        if (d && d.status === 'scanned' && d.tmp_code) {
          show('data-text-scanned');
          window.parent.postMessage({ tmp_code: d.tmp_code }, '*');
        } else if (d && d.status === 'expired') {
          expired();
        } else {
          setTimeout(poll, 1000);
        }
      }, function () { setTimeout(poll, 2000); });
  }
  poll();
})();
`;

// The QR SDK only supports the legacy passport authorize URL as goto (reference section 4).
function gotoIsPassportAuthorize(goto: string): boolean {
  try {
    return new URL(goto).pathname.endsWith(PATHS.passportAuthorize);
  } catch {
    return false;
  }
}

const gotoQueryOf = (goto: string): Record<string, string> =>
  Object.fromEntries(new URL(goto).searchParams);

export function registerQrFrame(app: FastifyInstance, deps: OAuthDeps): void {
  const { ctx, state, brand } = deps;

  app.get(PATHS.qrFrame, (req, reply) => {
    const query = (req.query ?? {}) as Record<string, unknown>;
    const lang = pickLang(query.lang, req.headers['accept-language'], brand);
    const brandName = TEXT.brand[brand][lang];
    const goto = typeof query.goto === 'string' ? query.goto : '';
    const parsed: AuthorizeParse = gotoIsPassportAuthorize(goto)
      ? parseAuthorizeRequest(ctx.store, brand, 'passport', gotoQueryOf(goto))
      : { ok: false, problem: { code: 20029, key: 'redirectMismatch' } };
    const title = fill(TEXT.qrTitle[lang], { brand: brandName });
    if (!parsed.ok) {
      const { problem } = parsed;
      const body = `<h1>${esc(title)}</h1>
<p role="alert">${esc(fill(PAGE_ERRORS[problem.key][lang], problem.vars))}</p>
<p class="muted">${esc(fill(TEXT.errorCode[lang], { code: String(problem.code) }))}</p>`;
      return sendPage(reply, renderPage({ brand, lang, title, body, status: 400, framable: true }));
    }
    const qr = state.qrs.create(brand, parsed.request.appId);
    const pollUrl = `${inBrand(brand, PATHS.qrPoll)}?qr_id=${encodeURIComponent(qr.id)}`;
    const again = `${inBrand(brand, PATHS.qrFrame)}?goto=${encodeURIComponent(goto)}&lang=${lang}`;
    const qrLabel = fill(TEXT.qrId[lang], { id: qr.id });
    const body = `<div class="qr" data-qr-id="${esc(qr.id)}">
<h1>${esc(title)}</h1>
${qrSvg(qr.id, qrLabel)}
<p class="muted" id="qr-id">${esc(qrLabel)}</p>
<p id="status" aria-live="polite">${esc(fill(TEXT.qrWaiting[lang], { brand: brandName }))}</p>
<p><a id="refresh" href="${esc(again)}" hidden>${esc(TEXT.qrRefresh[lang])}</a></p>
</div>`;
    // The script reads its settings from <body data-*>, so the page needs no inline script.
    const page = renderPage({
      brand,
      lang,
      title,
      body,
      framable: true,
      script: inBrand(brand, PATHS.qrFrameScript),
      data: {
        poll: pollUrl,
        'ttl-ms': String(QR_TTL_MS),
        'text-scanned': TEXT.qrScanned[lang],
        'text-expired': TEXT.qrExpired[lang],
      },
    });
    return sendPage(reply, page);
  });

  app.get(PATHS.qrFrameScript, (_req, reply) =>
    reply
      .header('content-type', 'application/javascript; charset=utf-8')
      .header('cache-control', 'no-cache')
      .header('x-content-type-options', 'nosniff')
      .send(FRAME_SCRIPT),
  );

  app.get(PATHS.qrPoll, (req, reply) => {
    const { qr_id: id } = (req.query ?? {}) as Record<string, unknown>;
    const qr = typeof id === 'string' ? state.qrs.get(id) : undefined;
    reply.header('cache-control', 'no-store');
    if (!qr || qr.brand !== brand) return reply.code(404).send({ status: 'unknown' });
    const status = state.qrs.status(qr);
    return reply.send(status === 'scanned' ? { status, tmp_code: qr.scan?.tmpCode } : { status });
  });
}

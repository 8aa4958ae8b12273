// The QR SDK script, with the global API of Feishu's LarkSSOSDKWebQRCode-1.0.3.js:
// QRLogin({id, goto, width, height, style}) puts an iframe of the sandbox's QR page into the
// element `id` and returns {matchOrigin, matchData}. The iframe posts {tmp_code} to the parent
// once the QR is scanned; the page then navigates to goto + '&tmp_code=' + tmp_code.
import type { FastifyInstance } from 'fastify';
import { BRAND_PREFIX } from '../context.ts';
import type { Brand } from '../org/types.ts';
import { PATHS } from './paths.ts';

export function qrSdkSource(brand: Brand, fallbackOrigin: string): string {
  const framePath = `${BRAND_PREFIX[brand]}${PATHS.qrFrame}`;
  // ES5 on purpose: the real SDK is loaded by old pages too.
  return `/* Gatehouse sandbox: stand-in for ${brand === 'feishu' ? 'Feishu' : 'Lark'} LarkSSOSDKWebQRCode-1.0.3.js */
(function () {
  var script = document.currentScript;
  var origin = ${JSON.stringify(fallbackOrigin)};
  try {
    if (script && script.src) origin = new URL(script.src).origin;
  } catch (e) {}
  var framePath = ${JSON.stringify(framePath)};
  window.QRLogin = function (options) {
    options = options || {};
    var iframe = document.createElement('iframe');
    var src = origin + framePath + '?goto=' + encodeURIComponent(options.goto || '');
    iframe.setAttribute('src', src);
    iframe.setAttribute('width', String(options.width || '300'));
    iframe.setAttribute('height', String(options.height || '300'));
    iframe.setAttribute('frameborder', '0');
    iframe.setAttribute('scrolling', 'no');
    iframe.setAttribute('title', ${JSON.stringify(brand === 'feishu' ? '飞书扫码登录 / Feishu QR login' : 'Lark QR login')});
    if (options.style) iframe.setAttribute('style', options.style);
    var container = options.id ? document.getElementById(options.id) : null;
    if (container) container.appendChild(iframe);
    return {
      matchOrigin: function (o) {
        return o === origin;
      },
      matchData: function (data) {
        return !!data && typeof data === 'object' && typeof data.tmp_code === 'string' && data.tmp_code.length > 0;
      }
    };
  };
})();
`;
}

export function registerQrScript(app: FastifyInstance, brand: Brand): void {
  app.get(PATHS.qrScript, (req, reply) =>
    reply
      .header('content-type', 'application/javascript; charset=utf-8')
      .header('cache-control', 'no-cache')
      .header('access-control-allow-origin', '*')
      .header('x-content-type-options', 'nosniff')
      .send(qrSdkSource(brand, `${req.protocol}://${req.host}`)),
  );
}

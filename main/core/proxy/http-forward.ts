// One absolute-form HTTP request ("GET http://host/path"): decide the destination, then either
// answer with the denied page or forward it to the address that was checked, with hop-by-hop
// headers removed and both bodies streamed. Upstream connections are pooled (keep-alive).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pickLocale } from '../../../shared/domain/locale.ts';
import { DENIED_PAGE_CSP, renderDeniedPage } from './denied-page.ts';
import { endToEndHeaders } from './hop-by-hop.ts';
import { nodeHttp } from '../node-http.ts';
import { decide, type ProxyContext } from './proxy-context.ts';

/** The proxy sets Host from the URL, and has already answered any Expect: 100-continue. */
const DROP_FROM_REQUEST = new Set(['host', 'expect']);

export function plainAnswer(res: ServerResponse, status: number, text: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = `${text}\n`;
  res.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
  });
  res.end(body);
}

export async function forwardHttp(
  ctx: ProxyContext,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  if (url.protocol !== 'http:') {
    plainAnswer(res, 400, 'Only http:// URLs are forwarded; https goes through CONNECT.');
    return;
  }
  const port = url.port === '' ? 80 : Number(url.port);
  const step = await decide(ctx, 'http', url.hostname, port, 'http');
  if (res.destroyed) return;
  if (step.kind === 'unresolved') {
    plainAnswer(res, 502, `Gatehouse could not resolve ${url.hostname}: ${step.error}`);
    return;
  }
  if (step.kind === 'loop') {
    plainAnswer(res, 508, 'The request points back at the Gatehouse proxy.');
    return;
  }
  if (step.kind === 'deny') {
    const e = step.enforcement;
    const page = renderDeniedPage(pickLocale(req.headers['accept-language']), {
      host: url.hostname,
      port,
      reason: e.reason,
      appId: e.appId,
      appName: ctx.policy.appName(e.appId),
      policyName: e.policyName,
    });
    res.writeHead(403, {
      'content-type': 'text/html; charset=utf-8',
      'content-length': Buffer.byteLength(page),
      'content-security-policy': DENIED_PAGE_CSP,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'x-gatehouse-reason': e.reason,
    });
    res.end(page);
    // The body of a refused upload is not wanted; drain it so keep-alive can go on.
    req.resume();
    return;
  }

  const upstream = nodeHttp.request({
    host: step.address,
    port,
    method: req.method,
    path: `${url.pathname}${url.search}`,
    headers: [...endToEndHeaders(req.rawHeaders, DROP_FROM_REQUEST), 'Host', url.host],
    setHost: false,
    agent: ctx.agent,
    timeout: ctx.limits.upstreamIdleMs,
  });
  const forget = ctx.open.add({
    via: 'http',
    host: url.hostname,
    port,
    protocol: 'http',
    address: step.address,
    close() {
      upstream.destroy();
      res.destroy();
    },
  });
  res.once('close', () => {
    forget();
    if (!res.writableFinished) upstream.destroy();
  });
  upstream.once('timeout', () => upstream.destroy(new Error('upstream idle timeout')));
  upstream.once('error', (error) => {
    const timedOut = error.message === 'upstream idle timeout';
    plainAnswer(
      res,
      timedOut ? 504 : 502,
      `Gatehouse could not reach ${url.host}: ${timedOut ? 'no answer in time' : error.message}`,
    );
  });
  upstream.once('response', (answer) => {
    res.writeHead(
      answer.statusCode ?? 502,
      answer.statusMessage ?? '',
      endToEndHeaders(answer.rawHeaders),
    );
    answer.pipe(res);
    answer.once('error', () => res.destroy());
  });
  req.pipe(upstream);
  req.once('error', () => upstream.destroy());
}

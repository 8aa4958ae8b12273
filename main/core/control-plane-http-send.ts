// One HTTP exchange over node:http(s) with the agents of the pool: the whole answer as text, or
// a transport error whose name/code the classifier reads (control-plane-http-errors.ts). Built on
// Node's own client instead of a library: got cost ~6 MiB of the client core's idle RSS (bench
// client-idle-rss: 84.8 -> 79.0 MiB) for what is a handful of timers and a retry loop.
import type { IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { AgentPair } from './control-plane-http-agents.ts';
import { nodeHttp } from './node-http.ts';

export interface SendTimeouts {
  /** TCP connect, a proxy's CONNECT and the TLS handshake, until the socket is usable. */
  connectMs: number;
  /** From the request sent to the response headers. */
  responseMs: number;
  /** The whole exchange, body included. */
  requestMs: number;
}

export interface SendRequest {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body?: string | undefined;
  agents: AgentPair;
  timeouts: SendTimeouts;
  signal?: AbortSignal | undefined;
}

export interface SendResult {
  statusCode: number;
  headers: IncomingMessage['headers'];
  body: string;
}

/** A timeout as got reported it (name TimeoutError, code ETIMEDOUT): classified CP_TIMEOUT. */
const timeoutError = (phase: string) =>
  Object.assign(new Error(`timed out (${phase})`), { name: 'TimeoutError', code: 'ETIMEDOUT' });

const abortError = (reason: unknown) =>
  Object.assign(new Error('request aborted', { cause: reason }), {
    name: 'AbortError',
    code: 'ABORT_ERR',
  });

export function sendOnce(req: SendRequest): Promise<SendResult> {
  return new Promise((resolve, reject) => {
    if (req.signal?.aborted) {
      reject(abortError(req.signal.reason));
      return;
    }
    const https = req.url.protocol === 'https:';
    const headers = { ...req.headers };
    if (req.body !== undefined) headers['content-length'] = String(Buffer.byteLength(req.body));
    const client = (https ? httpsRequest : nodeHttp.request)(req.url, {
      method: req.method,
      headers,
      agent: https ? req.agents.https : req.agents.http,
    });
    const timers: NodeJS.Timeout[] = [];
    let settled = false;
    const finish = (error: Error | undefined, result?: SendResult) => {
      if (settled) return;
      settled = true;
      for (const t of timers) clearTimeout(t);
      req.signal?.removeEventListener('abort', onAbort);
      if (error) {
        client.destroy();
        reject(error);
      } else resolve(result!);
    };
    const onAbort = () => finish(abortError(req.signal?.reason));
    req.signal?.addEventListener('abort', onAbort, { once: true });
    const after = (ms: number, phase: string) => {
      const t = setTimeout(() => finish(timeoutError(phase)), ms);
      timers.push(t);
      return t;
    };
    after(req.timeouts.requestMs, 'request');
    const connectTimer = after(req.timeouts.connectMs, 'connect');
    let responseTimer: NodeJS.Timeout | undefined;
    const connected = () => {
      clearTimeout(connectTimer);
      responseTimer ??= after(req.timeouts.responseMs, 'response');
    };
    client.on('socket', (socket) => {
      // A kept-alive socket is usable at once; a new one after its connect / TLS handshake.
      const ready = https ? 'secureConnect' : 'connect';
      if (!socket.connecting && (!https || (socket as { encrypted?: boolean }).encrypted))
        connected();
      else socket.once(ready, connected);
    });
    client.on('error', (error) => finish(error));
    client.on('response', (res) => {
      if (responseTimer) clearTimeout(responseTimer);
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', (error) => finish(error));
      res.on('end', () =>
        finish(undefined, {
          statusCode: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      );
    });
    client.end(req.body);
  });
}

/** Retry-After in milliseconds (seconds or an HTTP date), undefined when absent or unreadable. */
export function retryAfterMs(
  value: string | string[] | undefined,
  now: number,
): number | undefined {
  const raw = Array.isArray(value) ? value[0] : value;
  if (raw === undefined || raw.trim() === '') return undefined;
  if (/^\d+$/.test(raw.trim())) return Number(raw.trim()) * 1000;
  // An HTTP date names its day and month; "-5" or "1e3" would parse as odd years.
  if (!/[a-z]{3}/i.test(raw)) return undefined;
  const at = Date.parse(raw);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

// The one HTTP client of the desktop client for its control plane: base URL, per-phase
// timeouts, retries with backoff for idempotent calls only, proxies, extra CAs, a user agent
// naming the version, JSON answers parsed with zod and every failure a typed error. The push
// stream goes through it too (openStream), so it honours the same proxy and trust settings.
// Node's own http(s) client underneath (control-plane-http-send.ts): one HTTP stack, no library.
import { release } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import type { z } from 'zod';
import type { Locale } from '../../shared/domain/errors/define.ts';
import { AgentPool } from './control-plane-http-agents.ts';
import {
  ControlPlaneHttpError,
  classifyTransportError,
  parseServerError,
} from './control-plane-http-errors.ts';
import { envProxyResolver, type ProxyResolver } from './control-plane-http-proxy.ts';
import { fetchImageDataUrl } from './control-plane-http-image.ts';
import { retryAfterMs, sendOnce, type SendResult } from './control-plane-http-send.ts';
import { openHttpStream, type OpenedStream } from './control-plane-http-stream.ts';
import { loadTrustedCertificates } from './control-plane-http-tls.ts';
import { joinApiPath, parseControlPlaneUrl } from './control-plane-http-url.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface ControlPlaneHttpOptions {
  baseUrl: string;
  appVersion: string;
  /** For the user agent; defaults to this machine. */
  os?: { platform: string; release: string; arch: string };
  proxy?: ProxyResolver;
  extraCaFile?: string | undefined;
  trustSystemCertificates?: boolean;
  timeouts?: Partial<ControlPlaneTimeouts>;
  retry?: Partial<RetryPolicy>;
  locale?: () => Locale;
  /** Jitter source, injectable so tests are repeatable. */
  random?: () => number;
}

export interface ControlPlaneTimeouts {
  /** TCP (and proxy CONNECT) connect. */
  connectMs: number;
  /** TLS handshake after connect. */
  secureConnectMs: number;
  /** From request sent to the first response byte. */
  responseMs: number;
  /** One whole attempt. */
  requestMs: number;
}

export interface RetryPolicy {
  /** Retries after the first attempt (idempotent calls only). */
  limit: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Longest Retry-After the client waits for; a longer one fails at once. */
  maxRetryAfterMs: number;
}

export interface RequestOptions<T> {
  method?: HttpMethod;
  path: string;
  schema: z.ZodType<T>;
  query?: Record<string, string>;
  body?: unknown;
  headers?: Record<string, string>;
  /** Overrides the method's default, e.g. a POST made safe to repeat by an idempotency key. */
  idempotent?: boolean;
  signal?: AbortSignal;
}

export interface ControlPlaneHttp {
  readonly baseUrl: string;
  readonly userAgent: string;
  request<T>(options: RequestOptions<T>): Promise<T>;
  /** A streamed GET (the push stream): resolves with the status once the headers are in. */
  openStream(
    path: string,
    headers: Record<string, string>,
    signal: AbortSignal,
  ): Promise<OpenedStream>;
  /**
   * A small https image elsewhere (the avatar on the Feishu/Lark CDN) through the same proxy and
   * trust settings, as a data: URL; rejects when it is not a PNG/JPEG/GIF/WebP within the limits.
   */
  fetchImage(url: string, signal?: AbortSignal): Promise<string>;
  close(): void;
}

export type { OpenedStream };

export const DEFAULT_TIMEOUTS: ControlPlaneTimeouts = {
  connectMs: 10_000,
  secureConnectMs: 10_000,
  responseMs: 15_000,
  requestMs: 30_000,
};

export const DEFAULT_RETRY: RetryPolicy = {
  limit: 2,
  baseDelayMs: 300,
  maxDelayMs: 5_000,
  maxRetryAfterMs: 30_000,
};

const IDEMPOTENT: ReadonlySet<HttpMethod> = new Set(['GET', 'PUT', 'DELETE']);
const RETRY_STATUS = [408, 429, 500, 502, 503, 504];
const RETRY_ERROR_CODES = [
  'ETIMEDOUT',
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ENOTFOUND',
  'ENETUNREACH',
  'EAI_AGAIN',
];

const OS_NAMES: Record<string, string> = { darwin: 'macOS', win32: 'Windows', linux: 'Linux' };

export function userAgent(
  version: string,
  os: { platform: string; release: string; arch: string },
) {
  return `Gatehouse/${version} (${OS_NAMES[os.platform] ?? os.platform} ${os.release}; ${os.arch})`;
}

/** Exponential backoff with full jitter: spreads 10,000 clients coming back after an outage. */
export function backoffDelay(attempt: number, policy: RetryPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.max(1, Math.round(ceiling / 2 + (random() * ceiling) / 2));
}

export function createControlPlaneHttp(options: ControlPlaneHttpOptions): ControlPlaneHttp {
  const parsed = parseControlPlaneUrl(options.baseUrl);
  if (!parsed.ok) throw new TypeError(`control-plane URL not usable: ${parsed.problem}`);
  const baseUrl = parsed.url;
  const host = new URL(baseUrl).host;
  const ua = userAgent(
    options.appVersion,
    options.os ?? { platform: process.platform, release: release(), arch: process.arch },
  );
  const timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
  const retry = { ...DEFAULT_RETRY, ...options.retry };
  const random = options.random ?? Math.random;
  const proxyFor = options.proxy ?? envProxyResolver();
  // The CA file is read once, on first use, so a broken one fails each call with its own code.
  let pool: Promise<AgentPool> | undefined;
  const agents = () =>
    (pool ??= loadTrustedCertificates({
      extraCaFile: options.extraCaFile,
      trustSystemCertificates: options.trustSystemCertificates ?? true,
    }).then((ca) => new AgentPool(ca)));
  let closed = false;

  async function request<T>(req: RequestOptions<T>): Promise<T> {
    if (closed) throw new ControlPlaneHttpError('CP_CANCELLED', { params: { host } });
    const method = req.method ?? 'GET';
    const url = joinApiPath(baseUrl, req.path);
    for (const [key, value] of Object.entries(req.query ?? {})) url.searchParams.set(key, value);
    const idempotent = req.idempotent ?? IDEMPOTENT.has(method);
    const pair = (await agents()).forProxy(await proxyFor(url));
    const headers: Record<string, string> = {
      'user-agent': ua,
      accept: 'application/json',
      ...req.headers,
    };
    if (options.locale) headers['accept-language'] = options.locale();

    const payload = req.body === undefined ? undefined : JSON.stringify(req.body);
    if (payload !== undefined) headers['content-type'] = 'application/json';
    const limit = idempotent ? retry.limit : 0;
    let response: SendResult;
    for (let attempt = 1; ; attempt++) {
      let wait: number | undefined;
      try {
        response = await sendOnce({
          url,
          method,
          headers,
          body: payload,
          agents: pair,
          timeouts: {
            connectMs: timeouts.connectMs + timeouts.secureConnectMs,
            responseMs: timeouts.responseMs,
            requestMs: timeouts.requestMs,
          },
          signal: req.signal,
        });
        if (attempt > limit || !RETRY_STATUS.includes(response.statusCode)) break;
        const after = retryAfterMs(response.headers['retry-after'], Date.now());
        // A Retry-After longer than we are willing to wait: fail now, with the server's answer.
        if (after !== undefined && after > retry.maxRetryAfterMs) break;
        wait = after ?? backoffDelay(attempt, retry, random);
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        const retryable = typeof code === 'string' && RETRY_ERROR_CODES.includes(code);
        if (attempt > limit || !retryable) throw classifyTransportError(error, host);
        wait = backoffDelay(attempt, retry, random);
      }
      try {
        await sleep(wait, undefined, req.signal ? { signal: req.signal } : {});
      } catch (error) {
        throw classifyTransportError(error, host);
      }
    }

    const { statusCode, body } = response;
    if (statusCode < 200 || statusCode >= 300) {
      const server = parseServerError(body);
      throw new ControlPlaneHttpError('CP_HTTP', {
        status: statusCode,
        params: { status: statusCode, host },
        ...(server ? { server } : {}),
      });
    }
    let json: unknown;
    if (body.length > 0) {
      try {
        json = JSON.parse(body);
      } catch (cause) {
        throw new ControlPlaneHttpError('CP_BAD_RESPONSE', { cause, params: { host } });
      }
    }
    const result = req.schema.safeParse(json);
    if (!result.success) {
      throw new ControlPlaneHttpError('CP_BAD_RESPONSE', { cause: result.error, params: { host } });
    }
    return result.data;
  }

  async function openStream(
    path: string,
    extraHeaders: Record<string, string>,
    signal: AbortSignal,
  ): Promise<OpenedStream> {
    if (closed) throw new ControlPlaneHttpError('CP_CANCELLED', { params: { host } });
    const url = joinApiPath(baseUrl, path);
    let pair;
    try {
      pair = (await agents()).forProxy(await proxyFor(url));
    } catch (error) {
      throw error instanceof ControlPlaneHttpError ? error : classifyTransportError(error, host);
    }
    const headers: Record<string, string> = { 'user-agent': ua, ...extraHeaders };
    if (options.locale) headers['accept-language'] = options.locale();
    return openHttpStream({ url, headers, signal, agents: pair });
  }

  async function fetchImage(raw: string, signal?: AbortSignal): Promise<string> {
    if (closed) throw new ControlPlaneHttpError('CP_CANCELLED', { params: { host } });
    const url = new URL(raw);
    const pair = (await agents()).forProxy(await proxyFor(url));
    return fetchImageDataUrl({
      url,
      agent: pair.https,
      headers: { 'user-agent': ua },
      ...(signal ? { signal } : {}),
    });
  }

  return {
    baseUrl,
    userAgent: ua,
    request,
    openStream,
    fetchImage,
    close() {
      closed = true;
      void pool?.then(
        (p) => p.destroy(),
        () => undefined,
      );
    },
  };
}

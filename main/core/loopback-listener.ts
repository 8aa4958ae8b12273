// The loopback listener of a system-browser sign-in (RFC 8252 section 7.3): 127.0.0.1, an
// ephemeral port, one fixed path. It takes exactly one callback whose state matches (compared
// in constant time) and closes; anything else (favicon, a stale tab's state, a DNS-rebound
// Host) is answered without consuming the attempt. A new attempt replaces a running one.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Locale } from '../../shared/domain/errors/define.ts';
import { ClientError, defineClientErrors } from './client-error.ts';
import {
  LOOPBACK_PAGE_CSP,
  renderLoopbackPage,
  type LoopbackPageOutcome,
} from './loopback-listener-page.ts';
import { nodeHttp } from './node-http.ts';

export const LOOPBACK_HOST = '127.0.0.1';
export const LOOPBACK_PATH = '/callback';
export const DEFAULT_LOOPBACK_TIMEOUT_MS = 5 * 60_000;

export const loopbackErrors = defineClientErrors({
  LOOPBACK_TIMEOUT: {
    message: {
      en: 'The sign-in was not completed in time.',
      'zh-CN': '登录未在规定时间内完成。',
    },
    fix: { en: 'Start the sign-in again.', 'zh-CN': '请重新登录。' },
  },
  LOOPBACK_CANCELLED: {
    message: { en: 'The sign-in was cancelled.', 'zh-CN': '登录已取消。' },
  },
  LOOPBACK_REPLACED: {
    message: {
      en: 'A newer sign-in attempt replaced this one.',
      'zh-CN': '此次登录已被新的登录尝试取代。',
    },
  },
  LOOPBACK_LISTEN_FAILED: {
    message: {
      en: 'Gatehouse could not receive the sign-in on this computer ({reason}).',
      'zh-CN': 'Gatehouse 无法在本机接收登录结果（{reason}）。',
    },
    fix: {
      en: 'Security software may block local connections to 127.0.0.1; ask IT to allow Gatehouse.',
      'zh-CN': '安全软件可能阻止了到 127.0.0.1 的本地连接，请联系 IT 放行 Gatehouse。',
    },
  },
});

export type LoopbackErrorCode = keyof typeof loopbackErrors;

export class LoopbackError extends ClientError<LoopbackErrorCode> {
  constructor(
    code: LoopbackErrorCode,
    options: { params?: Record<string, string>; cause?: unknown } = {},
  ) {
    super(code, loopbackErrors[code], options);
    this.name = 'LoopbackError';
  }
}

/** The callback's query parameters (state included); the sign-in flow parses them. */
export interface LoopbackCallback {
  params: Record<string, string>;
}

export interface LoopbackAttempt {
  /** http://127.0.0.1:<port>/callback, registered with the login transaction. */
  readonly redirectUri: string;
  readonly port: number;
  /** The one accepted callback; rejects with a LoopbackError. */
  readonly result: Promise<LoopbackCallback>;
  cancel(): void;
}

export interface LoopbackListenerOptions {
  timeoutMs?: number;
  locale?: () => Locale;
  /** The page text for an error code the callback carries (catalog message and fix). */
  describeError?: (code: string, locale: Locale) => { message: string; fix?: string } | undefined;
  /** Ports to try in turn (0 = any free one); EADDRINUSE moves on to the next. */
  ports?: () => Iterable<number>;
}

export interface StartOptions {
  state: string;
  signal?: AbortSignal;
  timeoutMs?: number;
}

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
/** Constant-time: the state is a secret that a local process must not learn by timing. */
export const sameState = (a: string, b: string): boolean => timingSafeEqual(digest(a), digest(b));

const GENERIC_ERROR = {
  en: 'The sign-in was refused.',
  'zh-CN': '登录被拒绝。',
} as const;

const STALE_STATE: LoopbackPageOutcome & { ok: false } = {
  ok: false,
  code: 'LOOPBACK_STATE_MISMATCH',
  message: 'This sign-in page belongs to an older attempt.',
};
const STALE_STATE_ZH = '此登录页面属于较早的一次登录尝试。';

function defaultPorts(): Iterable<number> {
  return [0, 0, 0];
}

async function listenOnce(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => {
      server.off('listening', onListening);
      reject(error);
    };
    const onListening = () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen({ port, host: LOOPBACK_HOST, exclusive: true });
  });
}

export class LoopbackListener {
  readonly #options: LoopbackListenerOptions;
  #current: { fail(error: LoopbackError): Promise<void> } | undefined;

  constructor(options: LoopbackListenerOptions = {}) {
    this.#options = options;
  }

  /** Opens a listener for one sign-in; a running attempt is rejected (REPLACED) and closed first. */
  async start(options: StartOptions): Promise<LoopbackAttempt> {
    if (options.state.length === 0) throw new TypeError('state must not be empty');
    const previous = this.#current;
    this.#current = undefined;
    await previous?.fail(new LoopbackError('LOOPBACK_REPLACED'));
    if (options.signal?.aborted) throw new LoopbackError('LOOPBACK_CANCELLED');

    const locale = this.#options.locale ?? (() => 'en' as const);
    const server = nodeHttp.createServer();
    server.keepAliveTimeout = 1_000;
    server.headersTimeout = 10_000;
    server.requestTimeout = 10_000;

    let port = -1;
    let lastError: unknown;
    for (const candidate of (this.#options.ports ?? defaultPorts)()) {
      try {
        port = await listenOnce(server, candidate);
        break;
      } catch (error) {
        lastError = error;
        if ((error as { code?: string }).code !== 'EADDRINUSE') break;
      }
    }
    if (port < 0) {
      const reason = (lastError as { code?: string } | undefined)?.code ?? 'listen failed';
      throw new LoopbackError('LOOPBACK_LISTEN_FAILED', { params: { reason }, cause: lastError });
    }

    const expectedHost = `${LOOPBACK_HOST}:${port}`;
    let settle!: { resolve: (c: LoopbackCallback) => void; reject: (e: LoopbackError) => void };
    const result = new Promise<LoopbackCallback>((resolve, reject) => {
      settle = { resolve, reject };
    });
    // The caller may never await a replaced attempt; that must not become an unhandled rejection.
    result.catch(() => undefined);

    let done = false;
    const close = (): Promise<void> =>
      new Promise((resolve) => {
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
        server.close(() => resolve());
        // Idle keep-alive sockets would hold the port; the page has been written by now.
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), 200).unref();
      });
    const fail = async (error: LoopbackError) => {
      if (done) return;
      done = true;
      settle.reject(error);
      await close();
    };
    const onAbort = () => void fail(new LoopbackError('LOOPBACK_CANCELLED'));
    const timer = setTimeout(
      () => void fail(new LoopbackError('LOOPBACK_TIMEOUT')),
      options.timeoutMs ?? this.#options.timeoutMs ?? DEFAULT_LOOPBACK_TIMEOUT_MS,
    );
    options.signal?.addEventListener('abort', onAbort, { once: true });

    const send = (res: ServerResponse, status: number, outcome?: LoopbackPageOutcome) => {
      const headers = {
        'cache-control': 'no-store',
        'referrer-policy': 'no-referrer',
        'x-content-type-options': 'nosniff',
        'content-security-policy': LOOPBACK_PAGE_CSP,
      };
      if (!outcome) {
        res.writeHead(status, { ...headers, 'content-type': 'text/plain; charset=utf-8' });
        res.end('Not found');
        return;
      }
      res.writeHead(status, {
        ...headers,
        'content-type': 'text/html; charset=utf-8',
        connection: 'close',
      });
      res.end(renderLoopbackPage(locale(), outcome));
    };

    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      const url = new URL(req.url ?? '/', `http://${expectedHost}`);
      // Another Host means a page reached us by DNS rebinding, not the browser's redirect.
      if (
        done ||
        req.method !== 'GET' ||
        url.pathname !== LOOPBACK_PATH ||
        req.headers.host !== expectedHost
      ) {
        send(res, 404);
        return;
      }
      const params = Object.fromEntries(url.searchParams);
      if (typeof params.state !== 'string' || !sameState(params.state, options.state)) {
        const lang = locale();
        send(
          res,
          400,
          lang === 'zh-CN' ? { ...STALE_STATE, message: STALE_STATE_ZH } : STALE_STATE,
        );
        return;
      }
      done = true;
      send(res, 200, this.#pageFor(params, locale()));
      settle.resolve({ params });
      void close();
    });

    const attempt = { fail };
    this.#current = attempt;
    void result
      .finally(() => {
        if (this.#current === attempt) this.#current = undefined;
      })
      .catch(() => undefined);

    return {
      redirectUri: `http://${expectedHost}${LOOPBACK_PATH}`,
      port,
      result,
      cancel: () => void fail(new LoopbackError('LOOPBACK_CANCELLED')),
    };
  }

  /** Rejects and closes the running attempt, if any. */
  async cancel(): Promise<void> {
    const current = this.#current;
    this.#current = undefined;
    await current?.fail(new LoopbackError('LOOPBACK_CANCELLED'));
  }

  #pageFor(params: Record<string, string>, locale: Locale): LoopbackPageOutcome {
    if (params.error === undefined) return { ok: true };
    const code = params.error_code || params.error;
    const described = this.#options.describeError?.(code, locale);
    return {
      ok: false,
      code,
      message: described?.message ?? params.error_description ?? GENERIC_ERROR[locale],
      fix: described?.fix,
    };
  }
}

// A thin Open Platform client for one app (one identity source) on one brand's host: tenant
// token cache, client-side pacing, retries with backoff, zod-parsed answers and an account of
// every call. See docs/adr/0005-feishu-client.md for why this and not the official SDK.
//
// - Tenant token: cached, refreshed ahead of expiry (single flight); a 99991661/99991663/
//   99991664 answer drops it and the call is tried once more with a fresh one.
// - Rate limits: HTTP 429 or code 99991400 waits x-ogw-ratelimit-reset seconds, then retries;
//   the pacer keeps each endpoint under the platform's 50/s and 1000/min to begin with.
// - HTTP 5xx and transport errors (reset, refused, dropped, timeout) retry with jittered backoff,
//   `maxAttempts` in all; every other answer is final and classified into a FeishuError.
// - The App Secret goes into one request body and nowhere else: not into URLs, errors or logs.
import type { z } from 'zod';
import type { Brand } from '../../shared/domain/identity-source.ts';
import {
  FeishuError,
  RATE_LIMIT_CODE,
  TOKEN_INVALID_CODES,
  classifyFeishuCode,
} from './feishu-error.ts';
import { baseUrlOf, type BaseUrls } from './hosts.ts';
import { nodeHttpTransport, type Transport } from './http-transport.ts';
import { RatePacer, type PaceLimits, type PacerClock, realPacerClock } from './rate-pacer.ts';
import {
  DEFAULT_BACKOFF,
  backoffDelay,
  rateLimitDelay,
  type BackoffOptions,
} from './retry-policy.ts';
import { envelopeSchema, tenantTokenSchema } from './schemas.ts';

export interface FeishuClientOptions {
  brand: Brand;
  appId: string;
  appSecret: string;
  baseUrls?: BaseUrls;
  /** Client-side pacing; false turns it off (tests and benchmarks against an unthrottled sandbox). */
  pacing?: PaceLimits | false;
  /** Attempts per call for 5xx and transport errors. */
  maxAttempts?: number;
  /** Rate-limit answers tolerated per call before giving up. */
  maxRateLimitWaits?: number;
  timeoutMs?: number;
  backoff?: BackoffOptions;
  /** Refresh the tenant token when less than this is left. */
  refreshAheadMs?: number;
  clock?: PacerClock;
  random?: () => number;
  /** HTTP (default: node:http/https with keep-alive). */
  transport?: Transport;
  /** Aborts waits and requests (a run being stopped). */
  signal?: AbortSignal;
}

export interface FeishuCallStats {
  /** HTTP requests sent, of every kind (token, retries and rate-limited ones included). */
  requests: number;
  /** Requests by endpoint ("GET /open-apis/contact/v3/users/find_by_department"). */
  byEndpoint: Record<string, number>;
  retries: number;
  rateLimited: number;
  /** Rate-limit answers by endpoint (the calls that did not count toward the work). */
  rateLimitedByEndpoint: Record<string, number>;
  tokenFetches: number;
}

export interface RequestSpec<T extends z.ZodType> {
  method: 'GET' | 'POST';
  /** Endpoint template, for pacing and accounting: "GET /open-apis/contact/v3/departments/:id". */
  endpoint: string;
  path: string;
  query?: Record<string, string | number | boolean | string[] | undefined>;
  body?: unknown;
  /** Schema of `data` in the envelope. */
  data: T;
}

const TOKEN_ENDPOINT = 'POST /open-apis/auth/v3/tenant_access_token/internal';

export function buildQuery(query: RequestSpec<z.ZodType>['query'] = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined) continue;
    if (Array.isArray(v)) for (const item of v) params.append(k, item);
    else params.append(k, String(v));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

function transportReason(err: unknown): string {
  const e = err as {
    name?: string;
    code?: string;
    message?: string;
    cause?: { name?: string; code?: string; message?: string };
  };
  if (e?.name === 'TimeoutError' || e?.cause?.name === 'TimeoutError') return 'timeout';
  return e?.code ?? e?.cause?.code ?? e?.message ?? 'transport error';
}

export class FeishuClient {
  readonly brand: Brand;
  readonly appId: string;
  readonly baseUrl: string;
  readonly #appSecret: string;
  readonly #options: FeishuClientOptions;
  readonly #pacer: RatePacer | undefined;
  readonly #clock: PacerClock;
  readonly #transport: Transport;
  #token: { value: string; expiresAt: number } | undefined;
  #tokenInFlight: Promise<string> | undefined;
  readonly stats: FeishuCallStats = {
    requests: 0,
    byEndpoint: {},
    retries: 0,
    rateLimited: 0,
    rateLimitedByEndpoint: {},
    tokenFetches: 0,
  };

  constructor(options: FeishuClientOptions) {
    this.brand = options.brand;
    this.appId = options.appId;
    this.#appSecret = options.appSecret;
    this.baseUrl = baseUrlOf(options.brand, options.baseUrls);
    this.#options = options;
    this.#clock = options.clock ?? realPacerClock;
    this.#pacer =
      options.pacing === false
        ? undefined
        : new RatePacer({ limits: options.pacing, clock: this.#clock });
    this.#transport = options.transport ?? nodeHttpTransport;
  }

  /** Never prints the secret, whatever logs or inspects the client. */
  toJSON() {
    return { brand: this.brand, appId: this.appId, baseUrl: this.baseUrl };
  }

  /** A tenant_access_token, from the cache unless it is about to expire. */
  async tenantToken(): Promise<string> {
    const aheadMs = this.#options.refreshAheadMs ?? 5 * 60_000;
    const cached = this.#token;
    if (cached && cached.expiresAt - aheadMs > this.#clock.now()) return cached.value;
    this.#tokenInFlight ??= this.#fetchToken().finally(() => {
      this.#tokenInFlight = undefined;
    });
    return this.#tokenInFlight;
  }

  async #fetchToken(): Promise<string> {
    this.stats.tokenFetches += 1;
    const path = '/open-apis/auth/v3/tenant_access_token/internal';
    const body = await this.#send(TOKEN_ENDPOINT, 'POST', path, undefined, {
      app_id: this.appId,
      app_secret: this.#appSecret,
    });
    const parsed = tenantTokenSchema.safeParse(body.json);
    if (!parsed.success) {
      const code = (body.json as { code?: unknown } | undefined)?.code;
      if (typeof code === 'number' && code !== 0) {
        throw classifyFeishuCode(
          code,
          { endpoint: TOKEN_ENDPOINT, httpStatus: body.status, feishuMessage: msgOf(body.json) },
          true,
        );
      }
      throw new FeishuError('FEISHU_BAD_RESPONSE', {
        endpoint: TOKEN_ENDPOINT,
        httpStatus: body.status,
      });
    }
    const start = this.#clock.now();
    this.#token = {
      value: parsed.data.tenant_access_token,
      expiresAt: start + parsed.data.expire * 1000,
    };
    return parsed.data.tenant_access_token;
  }

  /** Drops the cached token (after the platform refused it). */
  invalidateToken(): void {
    this.#token = undefined;
  }

  /** One Open API call with a tenant token; answers `data` parsed by the spec's schema. */
  async call<T extends z.ZodType>(spec: RequestSpec<T>): Promise<z.output<T>> {
    let refreshed = false;
    for (;;) {
      const token = await this.tenantToken();
      const res = await this.#send(
        spec.endpoint,
        spec.method,
        spec.path,
        spec.query,
        spec.body,
        token,
      );
      const envelope = envelopeSchema.safeParse(res.json);
      if (!envelope.success) {
        throw new FeishuError('FEISHU_BAD_RESPONSE', {
          endpoint: spec.endpoint,
          httpStatus: res.status,
        });
      }
      const { code } = envelope.data;
      if (code === 0) {
        const data = spec.data.safeParse(envelope.data.data ?? {});
        if (!data.success) {
          throw new FeishuError('FEISHU_BAD_RESPONSE', {
            endpoint: spec.endpoint,
            httpStatus: res.status,
            reason: data.error.issues[0]?.path.join('.') ?? '',
          });
        }
        return data.data;
      }
      if (TOKEN_INVALID_CODES.has(code) && !refreshed) {
        refreshed = true;
        this.invalidateToken();
        continue;
      }
      throw classifyFeishuCode(
        code,
        {
          endpoint: spec.endpoint,
          httpStatus: res.status,
          feishuMessage: envelope.data.msg,
          missingScopes: envelope.data.error?.permission_violations
            ?.map((v) => v.subject)
            .filter((s): s is string => Boolean(s)),
        },
        false,
      );
    }
  }

  /**
   * Sends one request, pacing it and retrying 5xx, transport errors and rate limits. Answers the
   * status and the JSON body of the first final answer (2xx or a 4xx that is not a rate limit).
   */
  async #send(
    endpoint: string,
    method: string,
    path: string,
    query: RequestSpec<z.ZodType>['query'],
    body: unknown,
    token?: string,
  ): Promise<{ status: number; json: unknown }> {
    const maxAttempts = this.#options.maxAttempts ?? 5;
    const maxRateLimitWaits = this.#options.maxRateLimitWaits ?? 30;
    const url = `${this.baseUrl}${path}${buildQuery(query)}`;
    let attempt = 0;
    let rateLimitWaits = 0;
    for (;;) {
      this.#options.signal?.throwIfAborted();
      await this.#pacer?.acquire(endpoint);
      attempt += 1;
      this.stats.requests += 1;
      this.stats.byEndpoint[endpoint] = (this.stats.byEndpoint[endpoint] ?? 0) + 1;
      let failure: string;
      try {
        const res = await this.#transport(url, {
          method,
          headers: {
            'content-type': 'application/json; charset=utf-8',
            ...(token ? { authorization: `Bearer ${token}` } : {}),
          },
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: this.#timeoutSignal(),
        });
        const text = res.text;
        let json: unknown;
        try {
          json = text ? JSON.parse(text) : undefined;
        } catch {
          json = undefined;
        }
        const code = (json as { code?: unknown } | undefined)?.code;
        if (res.status === 429 || code === RATE_LIMIT_CODE) {
          this.stats.rateLimited += 1;
          this.stats.rateLimitedByEndpoint[endpoint] =
            (this.stats.rateLimitedByEndpoint[endpoint] ?? 0) + 1;
          rateLimitWaits += 1;
          attempt -= 1; // a rate-limit answer is not a failed attempt
          if (rateLimitWaits > maxRateLimitWaits) {
            throw new FeishuError('FEISHU_UNAVAILABLE', {
              endpoint,
              httpStatus: res.status,
              feishuCode: RATE_LIMIT_CODE,
              reason: 'rate limited too many times',
            });
          }
          await this.#sleep(rateLimitDelay(res.header('x-ogw-ratelimit-reset'), 65_000));
          continue;
        }
        if (res.status < 500 && json !== undefined) return { status: res.status, json };
        failure = res.status >= 500 ? `HTTP ${res.status}` : `HTTP ${res.status} without JSON`;
        if (res.status < 500) {
          throw new FeishuError('FEISHU_API_ERROR', {
            endpoint,
            httpStatus: res.status,
            reason: failure,
          });
        }
      } catch (err) {
        if (err instanceof FeishuError) throw err;
        if (this.#options.signal?.aborted) throw this.#options.signal.reason ?? err;
        failure = transportReason(err);
      }
      if (attempt >= maxAttempts) {
        throw new FeishuError('FEISHU_UNAVAILABLE', {
          endpoint,
          reason: `${failure} (${attempt} attempts)`,
        });
      }
      this.stats.retries += 1;
      await this.#sleep(
        backoffDelay(attempt, this.#options.backoff ?? DEFAULT_BACKOFF, this.#options.random),
      );
    }
  }

  #timeoutSignal(): AbortSignal {
    const timeout = AbortSignal.timeout(this.#options.timeoutMs ?? 30_000);
    return this.#options.signal ? AbortSignal.any([timeout, this.#options.signal]) : timeout;
  }

  async #sleep(ms: number): Promise<void> {
    this.#options.signal?.throwIfAborted();
    await this.#clock.sleep(ms);
  }
}

const msgOf = (json: unknown): string | undefined => {
  const m = (json as { msg?: unknown } | undefined)?.msg;
  return typeof m === 'string' ? m : undefined;
};

// The console's one way to the admin API: fetch with the session cookie (same origin), the
// CSRF token of the session on every state-changing call, Accept-Language set to the console's
// language (so the server's "fix" comes in it), and every failure thrown as an ApiError.
import { ApiError, apiErrorFrom, NETWORK_ERROR, UNEXPECTED_ANSWER } from './api-error.ts';

export type Query = Record<string, string | number | boolean | undefined | null>;

export interface ApiClient {
  get<T>(path: string, query?: Query): Promise<T>;
  post<T>(path: string, body?: unknown): Promise<T>;
  patch<T>(path: string, body: unknown): Promise<T>;
  put<T>(path: string, body: unknown): Promise<T>;
  delete<T>(path: string, query?: Query): Promise<T>;
  /** The CSRF token of the current session (from sign-in or auth/me); null when signed out. */
  setCsrfToken(token: string | null): void;
}

export interface ApiClientOptions {
  baseUrl?: string;
  language: () => string;
  /** Called when the session is gone (401), before the error is thrown. */
  onUnauthorized?: () => void;
  fetch?: typeof fetch;
}

const SAFE = new Set(['GET', 'HEAD']);

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query))
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  const text = params.toString();
  return text ? `${path}${path.includes('?') ? '&' : '?'}${text}` : path;
}

export function createApiClient(options: ApiClientOptions): ApiClient {
  const baseUrl = options.baseUrl ?? '/api/v1/admin';
  const doFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  let csrfToken: string | null = null;

  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = {
      accept: 'application/json',
      'accept-language': options.language(),
    };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (!SAFE.has(method) && csrfToken) headers['x-csrf-token'] = csrfToken;
    let response: Response;
    try {
      response = await doFetch(`${baseUrl}${path}`, {
        method,
        headers,
        credentials: 'same-origin',
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      throw new ApiError({ status: 0, code: NETWORK_ERROR, messages: null });
    }
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    if (!response.ok) {
      const error = apiErrorFrom(response.status, parsed);
      if (response.status === 401) options.onUnauthorized?.();
      throw error;
    }
    if (parsed === undefined)
      throw new ApiError({ status: response.status, code: UNEXPECTED_ANSWER, messages: null });
    return parsed as T;
  }

  return {
    get: (path, query) => call('GET', withQuery(path, query)),
    post: (path, body) => call('POST', path, body),
    patch: (path, body) => call('PATCH', path, body),
    put: (path, body) => call('PUT', path, body),
    delete: (path, query) => call('DELETE', withQuery(path, query)),
    setCsrfToken: (token) => {
      csrfToken = token;
    },
  };
}

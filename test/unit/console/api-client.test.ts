// The console's API client: same-origin cookies, the CSRF token only where it belongs, the
// console's language, and every failure as an ApiError carrying the stable code.
import { describe, expect, it, vi } from 'vitest';
import {
  ApiError,
  NETWORK_ERROR,
  UNEXPECTED_ANSWER,
} from '../../../control-plane/console/api/api-error.ts';
import { createApiClient, withQuery } from '../../../control-plane/console/api/client.ts';

interface Call {
  url: string;
  init: RequestInit;
}

function fakeFetch(answer: () => Response | Promise<Response>) {
  const calls: Call[] = [];
  const fetch = vi.fn(async (url: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: String(url), init: init ?? {} });
    return answer();
  });
  return { fetch: fetch as unknown as typeof globalThis.fetch, calls };
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

const errorBody = {
  error: {
    code: 'AUTH_INVALID_CREDENTIALS',
    message: 'Wrong email or password.',
    messages: { en: 'Wrong email or password.', 'zh-CN': '邮箱或密码错误。' },
    fix: 'Check the email address.',
  },
};

describe('console api client', () => {
  it('sends cookies same-origin, the language, and the CSRF token only on state changes', async () => {
    const { fetch, calls } = fakeFetch(() => json(200, { ok: true }));
    const api = createApiClient({ fetch, language: () => 'zh-CN' });
    api.setCsrfToken('csrf-123');
    await api.get('/tenants', { q: 'acme', page: 2, status: undefined });
    await api.post('/tenants', { name: 'Acme' });
    await api.patch('/tenants/1', { name: 'B' });
    await api.delete('/tenants/1', { confirm: true });
    expect(calls.map((c) => `${c.init.method} ${c.url}`)).toEqual([
      'GET /api/v1/admin/tenants?q=acme&page=2',
      'POST /api/v1/admin/tenants',
      'PATCH /api/v1/admin/tenants/1',
      'DELETE /api/v1/admin/tenants/1?confirm=true',
    ]);
    for (const call of calls) {
      expect(call.init.credentials).toBe('same-origin');
      expect((call.init.headers as Record<string, string>)['accept-language']).toBe('zh-CN');
    }
    const headers = calls.map((c) => c.init.headers as Record<string, string>);
    expect(headers[0]!['x-csrf-token']).toBeUndefined();
    expect(headers.slice(1).map((h) => h['x-csrf-token'])).toEqual([
      'csrf-123',
      'csrf-123',
      'csrf-123',
    ]);
    expect(calls[1]!.init.body).toBe('{"name":"Acme"}');
  });

  it('stops sending the token once signed out', async () => {
    const { fetch, calls } = fakeFetch(() => new Response(null, { status: 204 }));
    const api = createApiClient({ fetch, language: () => 'en' });
    api.setCsrfToken('t');
    api.setCsrfToken(null);
    expect(await api.post('/auth/logout')).toBeUndefined();
    expect((calls[0]!.init.headers as Record<string, string>)['x-csrf-token']).toBeUndefined();
  });

  it('turns an error body into an ApiError with the code, both messages and the fix', async () => {
    const { fetch } = fakeFetch(() => json(401, errorBody));
    const expired = vi.fn();
    const api = createApiClient({ fetch, language: () => 'en', onUnauthorized: expired });
    const error = await api.post('/auth/login', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    const e = error as ApiError;
    expect([e.status, e.code, e.fix]).toEqual([
      401,
      'AUTH_INVALID_CREDENTIALS',
      'Check the email address.',
    ]);
    expect(e.messageIn('zh-CN')).toBe('邮箱或密码错误。');
    expect(e.messageIn('en')).toBe('Wrong email or password.');
    expect(expired).toHaveBeenCalledOnce();
  });

  it('does not call the 401 hook for other failures', async () => {
    const { fetch } = fakeFetch(() =>
      json(403, { ...errorBody, error: { ...errorBody.error, code: 'AUTH_FORBIDDEN' } }),
    );
    const expired = vi.fn();
    const api = createApiClient({ fetch, language: () => 'en', onUnauthorized: expired });
    await expect(api.get('/tenants')).rejects.toMatchObject({
      code: 'AUTH_FORBIDDEN',
      status: 403,
    });
    expect(expired).not.toHaveBeenCalled();
  });

  it('words answers it cannot read and lost connections with console codes', async () => {
    const html = fakeFetch(() => new Response('<html>bad gateway</html>', { status: 502 }));
    await expect(
      createApiClient({ fetch: html.fetch, language: () => 'en' }).get('/x'),
    ).rejects.toMatchObject({
      code: UNEXPECTED_ANSWER,
      status: 502,
      messages: null,
    });
    const half = fakeFetch(() => json(500, { error: { code: 'X', messages: { en: 'only en' } } }));
    await expect(
      createApiClient({ fetch: half.fetch, language: () => 'en' }).get('/x'),
    ).rejects.toMatchObject({
      code: UNEXPECTED_ANSWER,
    });
    const okNotJson = fakeFetch(() => new Response('not json', { status: 200 }));
    await expect(
      createApiClient({ fetch: okNotJson.fetch, language: () => 'en' }).get('/x'),
    ).rejects.toMatchObject({
      code: UNEXPECTED_ANSWER,
    });
    const down = fakeFetch(() => Promise.reject(new TypeError('Failed to fetch')));
    await expect(
      createApiClient({ fetch: down.fetch, language: () => 'en' }).get('/x'),
    ).rejects.toMatchObject({
      code: NETWORK_ERROR,
      status: 0,
    });
  });

  it('builds query strings without empty values', () => {
    expect(withQuery('/a', { x: '', y: null, z: 0, w: false })).toBe('/a?z=0&w=false');
    expect(withQuery('/a?b=1', { c: 'd e' })).toBe('/a?b=1&c=d+e');
    expect(withQuery('/a')).toBe('/a');
  });
});

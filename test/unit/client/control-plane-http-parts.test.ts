// Pure parts of the control-plane client: URL rules, proxy selection, backoff, user agent and
// the mapping of low-level errors onto stable codes.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  backoffDelay,
  createControlPlaneHttp,
  DEFAULT_RETRY,
  userAgent,
} from '../../../main/core/control-plane-http.ts';
import {
  classifyTransportError,
  parseServerError,
} from '../../../main/core/control-plane-http-errors.ts';
import {
  matchesNoProxy,
  parseChromiumProxyList,
  proxyFromEnv,
  systemProxyResolver,
} from '../../../main/core/control-plane-http-proxy.ts';
import { joinApiPath, parseControlPlaneUrl } from '../../../main/core/control-plane-http-url.ts';
import { parsePemBundle } from '../../../main/core/control-plane-http-tls.ts';

describe('control-plane URL', () => {
  it('accepts https, adds a missing scheme and drops trailing slashes', () => {
    expect(parseControlPlaneUrl('gate.example.com')).toEqual({
      ok: true,
      url: 'https://gate.example.com',
      origin: 'https://gate.example.com',
    });
    expect(parseControlPlaneUrl(' https://Gate.Example.com:8443/gh/ ')).toMatchObject({
      ok: true,
      url: 'https://gate.example.com:8443/gh',
    });
  });

  it('accepts plain http only on loopback', () => {
    expect(parseControlPlaneUrl('http://127.0.0.1:3000')).toMatchObject({ ok: true });
    expect(parseControlPlaneUrl('http://localhost:3000')).toMatchObject({ ok: true });
    expect(parseControlPlaneUrl('http://gate.example.com')).toEqual({
      ok: false,
      problem: 'insecure-http',
    });
  });

  it('refuses other schemes, credentials, queries and junk', () => {
    expect(parseControlPlaneUrl('ftp://gate.example.com')).toEqual({
      ok: false,
      problem: 'scheme',
    });
    expect(parseControlPlaneUrl('https://u:p@gate.example.com')).toEqual({
      ok: false,
      problem: 'credentials',
    });
    expect(parseControlPlaneUrl('https://gate.example.com/?x=1')).toEqual({
      ok: false,
      problem: 'query-or-fragment',
    });
    expect(parseControlPlaneUrl('')).toEqual({ ok: false, problem: 'not-a-url' });
    expect(parseControlPlaneUrl('https://exa mple.com')).toEqual({
      ok: false,
      problem: 'not-a-url',
    });
  });

  it('joins API paths without ever leaving the origin', () => {
    expect(joinApiPath('https://g.example/pre', '/api/x').href).toBe('https://g.example/pre/api/x');
    expect(() => joinApiPath('https://g.example', 'api/x')).toThrow(TypeError);
    expect(() => joinApiPath('https://g.example', '//evil.example/x')).toThrow(TypeError);
    expect(() => joinApiPath('https://g.example', '/\\evil.example')).toThrow(TypeError);
    fc.assert(
      fc.property(fc.string(), (tail) => {
        try {
          expect(joinApiPath('https://g.example', `/${tail}`).origin).toBe('https://g.example');
        } catch (error) {
          expect(error).toBeInstanceOf(TypeError);
        }
      }),
    );
  });

  it('the client refuses a base URL it cannot use', () => {
    expect(() =>
      createControlPlaneHttp({ baseUrl: 'http://gate.example.com', appVersion: '1' }),
    ).toThrow(/insecure-http/);
  });
});

describe('proxy selection', () => {
  const target = (url: string) => new URL(url);

  it('uses HTTPS_PROXY for https targets, lower-case first, and adds a missing scheme', () => {
    const env = {
      HTTPS_PROXY: 'http://upper:1',
      https_proxy: 'proxy.corp:8080',
      HTTP_PROXY: 'http://plain:2',
    };
    expect(proxyFromEnv(target('https://gate.example.com'), env)).toBe('http://proxy.corp:8080');
    expect(proxyFromEnv(target('http://gate.example.com'), env)).toBe('http://plain:2');
    expect(proxyFromEnv(target('https://gate.example.com'), { ALL_PROXY: 'http://all:3' })).toBe(
      'http://all:3',
    );
    expect(proxyFromEnv(target('https://gate.example.com'), {})).toBeUndefined();
    expect(
      proxyFromEnv(target('https://gate.example.com'), { HTTPS_PROXY: 'socks5://s:1' }),
    ).toBeUndefined();
  });

  it('never proxies loopback', () => {
    expect(
      proxyFromEnv(target('http://127.0.0.1:3000'), { HTTP_PROXY: 'http://p:1' }),
    ).toBeUndefined();
    expect(
      proxyFromEnv(target('https://localhost'), { HTTPS_PROXY: 'http://p:1' }),
    ).toBeUndefined();
  });

  it('reads NO_PROXY like curl: suffixes, leading dots, ports, wildcards and CIDR', () => {
    const t = target('https://gate.corp.example.com');
    expect(matchesNoProxy(t, 'corp.example.com')).toBe(true);
    expect(matchesNoProxy(t, '.example.com')).toBe(true);
    expect(matchesNoProxy(t, '*.example.com')).toBe(true);
    expect(matchesNoProxy(t, 'other.com, *')).toBe(true);
    expect(matchesNoProxy(t, 'xample.com')).toBe(false);
    expect(matchesNoProxy(t, 'gate.corp.example.com:443')).toBe(true);
    expect(matchesNoProxy(t, 'gate.corp.example.com:8443')).toBe(false);
    expect(matchesNoProxy(target('https://10.2.3.4'), '10.0.0.0/8')).toBe(true);
    expect(matchesNoProxy(target('https://11.2.3.4'), '10.0.0.0/8')).toBe(false);
    expect(matchesNoProxy(target('https://[fd00::1]'), '[fd00::1]')).toBe(true);
    expect(matchesNoProxy(t, undefined)).toBe(false);
    expect(proxyFromEnv(t, { HTTPS_PROXY: 'http://p:1', NO_PROXY: 'example.com' })).toBeUndefined();
  });

  it("reads Chromium's proxy answers", () => {
    expect(parseChromiumProxyList('DIRECT')).toBeUndefined();
    expect(parseChromiumProxyList('PROXY proxy.corp:8080; DIRECT')).toBe('http://proxy.corp:8080');
    expect(parseChromiumProxyList('HTTPS secure.corp:443')).toBe('https://secure.corp');
    expect(parseChromiumProxyList('SOCKS5 s:1080; PROXY p:3128')).toBe('http://p:3128');
    expect(parseChromiumProxyList('SOCKS5 s:1080')).toBeUndefined();
  });

  it('the system resolver asks Chromium unless the environment decides', async () => {
    const asked: string[] = [];
    const chromium = async (url: string) => {
      asked.push(url);
      return 'PROXY pac.corp:8080';
    };
    const none = systemProxyResolver(chromium, {});
    expect(await none(target('https://gate.example.com/x'))).toBe('http://pac.corp:8080');
    expect(await none(target('http://127.0.0.1:9/x'))).toBeUndefined();
    const env = systemProxyResolver(chromium, {
      HTTPS_PROXY: 'http://env:1',
      NO_PROXY: 'skip.example',
    });
    expect(await env(target('https://gate.example.com'))).toBe('http://env:1');
    expect(await env(target('https://skip.example'))).toBeUndefined();
    expect(asked).toEqual(['https://gate.example.com/x']);
  });
});

describe('backoff, user agent, errors', () => {
  it('backoff grows exponentially, stays within the cap, and is jittered', () => {
    const policy = { ...DEFAULT_RETRY, baseDelayMs: 100, maxDelayMs: 1_000 };
    expect(backoffDelay(1, policy, () => 0)).toBe(50);
    expect(backoffDelay(1, policy, () => 1)).toBe(100);
    expect(backoffDelay(3, policy, () => 1)).toBe(400);
    expect(backoffDelay(10, policy, () => 1)).toBe(1_000);
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (n, r) => {
          const d = backoffDelay(n, policy, () => r);
          return d >= 1 && d <= 1_000;
        },
      ),
    );
  });

  it('names product, version and OS in the user agent', () => {
    expect(userAgent('0.1.0', { platform: 'darwin', release: '24.1.0', arch: 'arm64' })).toBe(
      'Gatehouse/0.1.0 (macOS 24.1.0; arm64)',
    );
    expect(userAgent('0.1.0', { platform: 'freebsd', release: '14', arch: 'x64' })).toBe(
      'Gatehouse/0.1.0 (freebsd 14; x64)',
    );
  });

  it('maps low-level failures onto stable codes, through cause chains', () => {
    const withCode = (code: string, name = 'RequestError') =>
      Object.assign(new Error(code), { code, name });
    expect(classifyTransportError(withCode('ECONNREFUSED'), 'h').code).toBe('CP_UNREACHABLE');
    expect(classifyTransportError(withCode('ENOTFOUND'), 'h').code).toBe('CP_UNREACHABLE');
    expect(classifyTransportError(withCode('ETIMEDOUT', 'TimeoutError'), 'h').code).toBe(
      'CP_TIMEOUT',
    );
    expect(classifyTransportError(withCode('ERR_ABORTED', 'AbortError'), 'h').code).toBe(
      'CP_CANCELLED',
    );
    const wrapped = Object.assign(new Error('wrapped'), { cause: withCode('CERT_HAS_EXPIRED') });
    expect(classifyTransportError(wrapped, 'h')).toMatchObject({
      code: 'CP_TLS',
      params: { reason: 'CERT_HAS_EXPIRED' },
    });
    expect(classifyTransportError(new Error('Bad response: 502'), 'h')).toMatchObject({
      code: 'CP_PROXY',
      params: { reason: 'HTTP 502' },
    });
  });

  it('reads server error bodies leniently and ignores anything else', () => {
    expect(parseServerError('{"error":{"code":"X","message":"m"}}')).toEqual({
      code: 'X',
      message: 'm',
    });
    expect(parseServerError('{"error":"x"}')).toBeUndefined();
    expect(parseServerError('<html>')).toBeUndefined();
  });

  it('rejects PEM files without certificates', () => {
    expect(() => parsePemBundle('hello')).toThrow(/no PEM certificate/);
    expect(() =>
      parsePemBundle('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----'),
    ).toThrow(/damaged/);
  });
});

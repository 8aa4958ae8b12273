// The control-plane HTTP client against real HTTP(S) servers and a real forward proxy on
// 127.0.0.1: TLS trust through an extra CA file, retries only for idempotent calls, typed
// errors for every failure, and the catalog error a control plane sends in its body.
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Server } from 'node:net';
import type { Server as HttpsServer } from 'node:https';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  createControlPlaneHttp,
  type ControlPlaneHttpOptions,
} from '../../../main/core/control-plane-http.ts';
import { ControlPlaneHttpError } from '../../../main/core/control-plane-http-errors.ts';
import { makeTestCa, type TestCa } from './support/test-ca.ts';
import { startForwardProxy, type ForwardProxy } from './support/forward-proxy.ts';

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

let ca: TestCa;
let https: HttpsServer;
let httpsUrl: string;
let handler: Handler;
let seen: Array<{ method: string; url: string; headers: IncomingMessage['headers']; body: string }>;

const listen = async (server: Server): Promise<number> => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
};

const dispatch = (req: IncomingMessage, res: ServerResponse) => {
  let body = '';
  req.on('data', (chunk: Buffer) => (body += chunk.toString()));
  req.on('end', () => {
    seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
    handler(req, res, body);
  });
};

const json = (
  res: ServerResponse,
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(value));
};

const fast = { retry: { baseDelayMs: 5, maxDelayMs: 20 }, trustSystemCertificates: false };
const client = (extra: Partial<ControlPlaneHttpOptions> = {}) =>
  createControlPlaneHttp({
    baseUrl: httpsUrl,
    appVersion: '1.2.3',
    extraCaFile: ca.caFile,
    ...fast,
    ...extra,
  });

const failure = async (promise: Promise<unknown>): Promise<ControlPlaneHttpError> => {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ControlPlaneHttpError);
    return error as ControlPlaneHttpError;
  }
  throw new Error('expected the request to fail');
};

const okSchema = z.object({ ok: z.literal(true) });

beforeAll(async () => {
  ca = makeTestCa();
  https = createHttpsServer({ key: ca.serverKey, cert: ca.serverCert }, dispatch);
  httpsUrl = `https://127.0.0.1:${await listen(https)}`;
});

afterAll(async () => {
  https.closeAllConnections();
  await new Promise((resolve) => https.close(resolve));
  ca.cleanup();
});

beforeEach(() => {
  seen = [];
  handler = (_req, res) => json(res, 200, { ok: true });
});

describe('control-plane HTTP client', () => {
  it('sends the user agent and language, and parses the answer with the schema', async () => {
    handler = (req, res) => json(res, 200, { ok: true, path: req.url });
    const http = client({
      locale: () => 'zh-CN',
      os: { platform: 'win32', release: '10.0.22631', arch: 'x64' },
    });
    const answer = await http.request({
      path: '/api/v1/things',
      query: { q: 'a b' },
      schema: z.object({ ok: z.boolean(), path: z.string() }),
    });
    http.close();
    expect(answer).toEqual({ ok: true, path: '/api/v1/things?q=a+b' });
    expect(seen[0]?.headers['user-agent']).toBe('Gatehouse/1.2.3 (Windows 10.0.22631; x64)');
    expect(seen[0]?.headers['accept-language']).toBe('zh-CN');
  });

  it('keeps a path prefix of the base URL and sends JSON bodies', async () => {
    handler = (req, res, body) =>
      json(res, 200, { ok: true, url: req.url, body: JSON.parse(body) });
    const http = client({ baseUrl: `${httpsUrl}/gatehouse/` });
    const answer = await http.request({
      method: 'POST',
      path: '/api/v1/echo',
      body: { a: 1 },
      schema: z.object({ url: z.string(), body: z.object({ a: z.number() }) }),
    });
    http.close();
    expect(answer).toEqual({ url: '/gatehouse/api/v1/echo', body: { a: 1 } });
    expect(seen[0]?.headers['content-type']).toContain('application/json');
  });

  it('refuses paths that would leave the control plane', async () => {
    const http = client();
    await expect(http.request({ path: '//evil.example/x', schema: okSchema })).rejects.toThrow(
      TypeError,
    );
    await expect(
      http.request({ path: 'https://evil.example/x', schema: okSchema }),
    ).rejects.toThrow(TypeError);
    http.close();
    expect(seen).toHaveLength(0);
  });

  it('does not trust the server without the extra CA (CP_TLS), and does with it', async () => {
    const untrusting = client({ extraCaFile: undefined });
    const error = await failure(untrusting.request({ path: '/x', schema: okSchema }));
    untrusting.close();
    expect(error.code).toBe('CP_TLS');
    expect(error.params.reason).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
    expect(error.describe('en').fix).toContain('ExtraCaCertificatesFile');

    // The OS store and the extra file together (the default outside tests).
    const trusting = client({ trustSystemCertificates: true });
    await expect(trusting.request({ path: '/x', schema: okSchema })).resolves.toEqual({ ok: true });
    trusting.close();
  });

  it('reports a missing or broken CA file as CP_CA_FILE_INVALID', async () => {
    const missing = client({ extraCaFile: join(ca.dir, 'nope.pem') });
    const e1 = await failure(missing.request({ path: '/x', schema: okSchema }));
    expect(e1.code).toBe('CP_CA_FILE_INVALID');
    expect(e1.params.reason).toBe('ENOENT');
    missing.close();

    const junkFile = join(ca.dir, 'junk.pem');
    writeFileSync(junkFile, 'not a certificate');
    const broken = client({ extraCaFile: junkFile });
    const e2 = await failure(broken.request({ path: '/x', schema: okSchema }));
    expect(e2.code).toBe('CP_CA_FILE_INVALID');
    expect(e2.describe('zh-CN').message).toContain(junkFile);
    broken.close();
    expect(seen).toHaveLength(0);
  });

  it('retries an idempotent GET on 503 with backoff and succeeds', async () => {
    let calls = 0;
    handler = (_req, res) => (++calls < 3 ? json(res, 503, {}) : json(res, 200, { ok: true }));
    const http = client();
    await expect(http.request({ path: '/x', schema: okSchema })).resolves.toEqual({ ok: true });
    http.close();
    expect(calls).toBe(3);
  });

  it('does not retry a POST, unless the caller marks it idempotent', async () => {
    handler = (_req, res) => json(res, 503, {});
    const http = client();
    const error = await failure(
      http.request({ method: 'POST', path: '/x', body: {}, schema: okSchema }),
    );
    expect(error.code).toBe('CP_HTTP');
    expect(error.status).toBe(503);
    expect(seen).toHaveLength(1);

    seen = [];
    await failure(
      http.request({ method: 'POST', path: '/x', body: {}, schema: okSchema, idempotent: true }),
    );
    http.close();
    expect(seen).toHaveLength(3);
  });

  it('waits for a short Retry-After on 429, and gives up at once on a long one', async () => {
    let calls = 0;
    handler = (_req, res) =>
      ++calls === 1 ? json(res, 429, {}, { 'retry-after': '1' }) : json(res, 200, { ok: true });
    const http = client();
    const started = Date.now();
    await expect(http.request({ path: '/x', schema: okSchema })).resolves.toEqual({ ok: true });
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);

    seen = [];
    handler = (_req, res) => json(res, 429, {}, { 'retry-after': '3600' });
    const error = await failure(http.request({ path: '/x', schema: okSchema }));
    http.close();
    expect(error.status).toBe(429);
    expect(seen).toHaveLength(1);
  });

  it("carries the control plane's catalog error, code and fix in the person's language", async () => {
    handler = (_req, res) =>
      json(res, 404, {
        error: {
          code: 'TENANT_NOT_FOUND',
          message: 'No such enterprise.',
          messages: { en: 'No such enterprise.', 'zh-CN': '企业不存在。' },
          fix: 'Check the ID.',
        },
      });
    const http = client();
    const error = await failure(http.request({ path: '/x', schema: okSchema }));
    http.close();
    expect(error.code).toBe('CP_HTTP');
    expect(error.server?.code).toBe('TENANT_NOT_FOUND');
    expect(error.describe('zh-CN')).toEqual({
      code: 'TENANT_NOT_FOUND',
      message: '企业不存在。',
      fix: 'Check the ID.',
    });
    expect(seen).toHaveLength(1);
  });

  it('does not follow redirects (a bearer token never leaves for another host)', async () => {
    handler = (_req, res) => {
      res.writeHead(302, { location: 'https://evil.example/' });
      res.end();
    };
    const http = client();
    const error = await failure(http.request({ path: '/x', schema: okSchema }));
    http.close();
    expect(error).toMatchObject({ code: 'CP_HTTP', status: 302 });
  });

  it('answers that do not match the schema or are not JSON are CP_BAD_RESPONSE', async () => {
    const http = client();
    handler = (_req, res) => json(res, 200, { ok: 'yes' });
    expect((await failure(http.request({ path: '/x', schema: okSchema }))).code).toBe(
      'CP_BAD_RESPONSE',
    );
    handler = (_req, res) =>
      res.writeHead(200, { 'content-type': 'text/html' }).end('<html>portal</html>');
    expect((await failure(http.request({ path: '/x', schema: okSchema }))).code).toBe(
      'CP_BAD_RESPONSE',
    );
    handler = (_req, res) => res.writeHead(204).end();
    await expect(
      http.request({ method: 'DELETE', path: '/x', schema: z.undefined() }),
    ).resolves.toBeUndefined();
    http.close();
  });

  it('a closed port is CP_UNREACHABLE after the idempotent retries', async () => {
    const server = createHttpServer();
    const port = await listen(server);
    await new Promise((resolve) => server.close(resolve));
    const http = createControlPlaneHttp({
      baseUrl: `http://127.0.0.1:${port}`,
      appVersion: '1',
      ...fast,
    });
    const error = await failure(http.request({ path: '/x', schema: okSchema }));
    http.close();
    expect(error.code).toBe('CP_UNREACHABLE');
    expect(error.describe('en').message).toContain(`127.0.0.1:${port}`);
  });

  it('a server that never answers is CP_TIMEOUT', async () => {
    handler = () => undefined;
    const http = client({ timeouts: { responseMs: 200 }, retry: { limit: 0 } });
    const error = await failure(http.request({ path: '/x', schema: okSchema }));
    http.close();
    expect(error.code).toBe('CP_TIMEOUT');
  });

  it('an aborted request is CP_CANCELLED', async () => {
    handler = () => undefined;
    const http = client();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const error = await failure(
      http.request({ path: '/x', schema: okSchema, signal: controller.signal }),
    );
    http.close();
    expect(error.code).toBe('CP_CANCELLED');
  });
});

describe('control-plane HTTP client through a forward proxy', () => {
  let proxy: ForwardProxy;
  beforeAll(async () => {
    proxy = await startForwardProxy();
  });
  afterAll(() => proxy.close());

  it('tunnels HTTPS through CONNECT and still checks the certificate with the extra CA', async () => {
    proxy.refuseWith = undefined;
    proxy.connects = [];
    const http = client({ proxy: async () => proxy.url });
    await expect(http.request({ path: '/x', schema: okSchema })).resolves.toEqual({ ok: true });
    http.close();
    expect(proxy.connects).toEqual([new URL(httpsUrl).host]);

    const untrusting = client({ proxy: async () => proxy.url, extraCaFile: undefined });
    expect((await failure(untrusting.request({ path: '/x', schema: okSchema }))).code).toBe(
      'CP_TLS',
    );
    untrusting.close();
  });

  it('a proxy that refuses (407) is CP_PROXY', async () => {
    proxy.refuseWith = 407;
    const http = client({ proxy: async () => proxy.url, retry: { limit: 0 } });
    const error = await failure(http.request({ path: '/x', schema: okSchema }));
    http.close();
    expect(error.code).toBe('CP_PROXY');
    expect(error.params.reason).toBe('HTTP 407');
  });
});

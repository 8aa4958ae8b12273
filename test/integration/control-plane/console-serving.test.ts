// The control plane serves the built admin console: the CSP on every page, the index for every
// console path (the browser router draws it), hashed assets cached for long, a translated 503
// when nothing was built, and `/` leading to the console.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, type TestDatabase } from '../../fixtures/db.ts';
import { startTestApp, type TestApp } from '../../fixtures/control-plane-app.ts';

const INDEX = `<!doctype html><html><head><meta name="csp-nonce" content="__CSP_NONCE__"></head>
<body><div id="root"></div><script type="module" src="/console/assets/index-AbC123.js"></script></body></html>`;

describe('console serving', () => {
  let database: TestDatabase;
  let built: TestApp;
  let missing: TestApp;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'console-'));
    await mkdir(join(dir, 'assets'));
    await writeFile(join(dir, 'index.html'), INDEX);
    await writeFile(join(dir, 'assets', 'index-AbC123.js'), 'console.log("console");');
    await writeFile(join(dir, 'assets', 'index-AbC123.css'), 'body{margin:0}');
    await writeFile(join(dir, 'secret.txt'), 'not for the web');
    database = await engines[0]!.open();
    built = await startTestApp(database, { config: { consoleDir: dir } });
    missing = await startTestApp(database, {
      config: { consoleDir: join(dir, 'not-built') },
      platformAdmin: false,
    });
  });
  afterAll(async () => {
    await built?.close();
    await missing?.close();
    await database?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('answers console paths with the index, a fresh nonce and a strict CSP, never cached', async () => {
    const first = await built.app.inject({ url: '/console/' });
    const deep = await built.app.inject({ url: '/console/t/3f0c/sources/new?step=2' });
    for (const res of [first, deep]) {
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.headers['x-frame-options']).toBe('DENY');
      const csp = String(res.headers['content-security-policy']);
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).toContain("frame-ancestors 'none'");
      const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
      expect(nonce).toBeTruthy();
      expect(res.body).toContain(`content="${nonce}"`);
      expect(res.body).not.toContain('__CSP_NONCE__');
    }
    expect(first.headers['content-security-policy']).not.toBe(
      deep.headers['content-security-policy'],
    );
  });

  it('serves hashed assets with their type and a year-long immutable cache', async () => {
    const js = await built.app.inject({ url: '/console/assets/index-AbC123.js' });
    expect(js.statusCode).toBe(200);
    expect(js.headers['content-type']).toMatch(/^text\/javascript/);
    expect(js.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(js.body).toBe('console.log("console");');
    const css = await built.app.inject({ url: '/console/assets/index-AbC123.css' });
    expect(css.headers['content-type']).toMatch(/^text\/css/);
  });

  it('answers 404 for missing assets and never serves files outside assets/', async () => {
    for (const url of [
      '/console/assets/nope-1.js',
      '/console/assets/..%2Fsecret.txt',
      '/console/assets/%2e%2e%2Findex.html',
      '/console/assets/.hidden.js',
      '/console/assets/index-AbC123.exe',
    ]) {
      const res = await built.app.inject({ url });
      expect(res.statusCode, url).toBe(404);
      expect(res.body, url).not.toContain('not for the web');
    }
  });

  it('sends / and /console to /console/', async () => {
    const root = await built.app.inject({ url: '/' });
    expect(root.statusCode).toBe(302);
    expect(root.headers.location).toBe('/console/');
    const bare = await built.app.inject({ url: '/console' });
    expect(bare.headers.location).toBe('/console/');
  });

  it('answers a translated 503 page when the console was not built', async () => {
    const en = await missing.app.inject({ url: '/console/tenants' });
    expect(en.statusCode).toBe(503);
    expect(en.headers['content-type']).toMatch(/^text\/html/);
    expect(en.headers['content-security-policy']).toContain("default-src 'self'");
    expect(en.body).toContain('npm run build');
    expect(en.body).toContain('not built');
    const zh = await missing.app.inject({
      url: '/console/',
      headers: { 'accept-language': 'zh-CN,zh;q=0.9' },
    });
    expect(zh.statusCode).toBe(503);
    expect(zh.body).toContain('管理控制台尚未构建');
    expect(zh.body).toContain('npm run build');
  });

  it('keeps the API and its errors as they were, and out of the OpenAPI document', async () => {
    const api = await built.app.inject({ url: '/api/v1/admin/auth/me' });
    expect(api.statusCode).toBe(401);
    expect(api.json().error.code).toBe('AUTH_REQUIRED');
    const doc = await built.app.inject({ url: '/api/openapi.json' });
    expect(Object.keys(doc.json().paths).some((p) => p.startsWith('/console'))).toBe(false);
  });
});

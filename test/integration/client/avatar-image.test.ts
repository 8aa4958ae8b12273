// The avatar fetch of the client core against a real HTTPS server (the test CA as the extra CA):
// a real image becomes a data: URL the renderer accepts; anything else is refused: plain http,
// a non-image type, bytes that are not an image whatever the type says (HTML, SVG), too large,
// an error status; and it goes through the configured proxy like every control-plane call.
import { createServer as createHttpsServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isSafeAvatarSrc } from '../../../renderer/components/initials.ts';
import {
  createControlPlaneHttp,
  type ControlPlaneHttpOptions,
} from '../../../main/core/control-plane-http.ts';
import { IMAGE_MAX_BYTES, sniffImageType } from '../../../main/core/control-plane-http-image.ts';
import { startForwardProxy, type ForwardProxy } from './support/forward-proxy.ts';
import { makeTestCa, type TestCa } from './support/test-ca.ts';

// A 1x1 PNG.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);

let ca: TestCa;
let server: Server;
let base: string;
let proxy: ForwardProxy;
let auth: Array<string | undefined>;

const routes: Record<string, (res: ServerResponse) => void> = {
  '/a.png': (res) => res.writeHead(200, { 'content-type': 'image/png' }).end(PNG),
  '/a.svg': (res) =>
    res
      .writeHead(200, { 'content-type': 'image/svg+xml' })
      .end('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
  '/html-as-png': (res) =>
    res.writeHead(200, { 'content-type': 'image/png' }).end('<html>not an image</html>'),
  '/page': (res) => res.writeHead(200, { 'content-type': 'text/html' }).end(PNG),
  '/huge.png': (res) => {
    // No content-length: the cap must hold while streaming.
    res.writeHead(200, { 'content-type': 'image/png' });
    res.write(PNG);
    res.end(Buffer.alloc(IMAGE_MAX_BYTES));
  },
  '/moved': (res) => res.writeHead(302, { location: '/a.png' }).end(),
};

beforeAll(async () => {
  ca = makeTestCa();
  proxy = await startForwardProxy();
  server = createHttpsServer(
    { key: ca.serverKey, cert: ca.serverCert },
    (req: IncomingMessage, res) => {
      auth.push(req.headers.authorization);
      (routes[req.url ?? ''] ?? ((r: ServerResponse) => r.writeHead(404).end()))(res);
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  auth = [];
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await proxy.close();
  ca.cleanup();
});

const client = (extra: Partial<ControlPlaneHttpOptions> = {}) =>
  createControlPlaneHttp({
    baseUrl: 'https://cp.example',
    appVersion: '1.0.0',
    extraCaFile: ca.caFile,
    trustSystemCertificates: false,
    ...extra,
  });

describe('avatar image fetch', () => {
  it('turns a PNG into a data: URL the renderer shows, with no credentials sent', async () => {
    const http = client();
    const dataUrl = await http.fetchImage(`${base}/a.png`);
    http.close();
    expect(dataUrl).toBe(`data:image/png;base64,${PNG.toString('base64')}`);
    expect(isSafeAvatarSrc(dataUrl)).toBe(true);
    expect(auth.every((a) => a === undefined)).toBe(true);
  });

  it.each([
    ['an SVG', '/a.svg', /not a PNG/],
    ['HTML that calls itself a PNG', '/html-as-png', /not a PNG/],
    ['a non-image type', '/page', /not an image/],
    ['more than the size cap', '/huge.png', /larger than/],
    ['a redirect (not followed)', '/moved', /HTTP 302/],
    ['a missing image', '/missing.png', /HTTP 404/],
  ])('refuses %s', async (_what, path, why) => {
    const http = client();
    await expect(http.fetchImage(`${base}${path}`)).rejects.toThrow(why);
    http.close();
  });

  it('refuses plain http and an untrusted certificate', async () => {
    const http = client();
    await expect(http.fetchImage(base.replace('https:', 'http:'))).rejects.toThrow(/https/);
    http.close();
    const untrusting = client({ extraCaFile: undefined });
    await expect(untrusting.fetchImage(`${base}/a.png`)).rejects.toThrow();
    untrusting.close();
  });

  it('goes through the configured proxy (CONNECT), like the control-plane calls', async () => {
    proxy.connects = [];
    const http = client({ proxy: async () => proxy.url });
    await expect(http.fetchImage(`${base}/a.png`)).resolves.toMatch(/^data:image\/png;base64,/);
    http.close();
    expect(proxy.connects).toEqual([new URL(base).host]);
  });

  it('knows the four image signatures and nothing else', () => {
    const bytes = (...parts: Array<string | number[]>) =>
      Buffer.concat(
        parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))),
      );
    expect(sniffImageType(PNG)).toBe('image/png');
    expect(sniffImageType(bytes([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
    expect(sniffImageType(bytes('GIF89a'))).toBe('image/gif');
    expect(sniffImageType(bytes('RIFF', [0, 0, 0, 0], 'WEBPVP8 '))).toBe('image/webp');
    expect(sniffImageType(bytes('<svg'))).toBeUndefined();
    expect(sniffImageType(bytes(''))).toBeUndefined();
  });
});

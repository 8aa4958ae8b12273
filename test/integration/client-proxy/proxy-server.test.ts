// The proxy as a server: its PAC file (served only to the proxy's own Host), what it refuses
// outright (upgrades, too many tunnels, idle tunnels), a taken port, and the PAC it serves
// routing the test world's destinations to itself.
import { request } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalProxy, type LocalProxy } from '../../../main/core/proxy/local-proxy.ts';
import { ProxyError } from '../../../main/core/proxy/proxy-errors.ts';
import { loadPac } from '../../unit/client-proxy/pac-sandbox.ts';
import {
  closed,
  connectVia,
  startEchoService,
  viaProxy,
  type Answer,
  type EchoService,
} from './support/servers.ts';
import { buildWorld, documentsFor, testResolver } from './support/world.ts';

let echo: EchoService;
let world: ReturnType<typeof buildWorld>;

beforeAll(async () => {
  echo = await startEchoService();
  world = buildWorld({ appA: 1, appB: 2, echoA: echo.port, echoB: 3 });
});
afterAll(() => echo.close());

async function withProxy(
  run: (proxy: LocalProxy) => Promise<void>,
  options: Parameters<typeof createLocalProxy>[0] = {},
): Promise<void> {
  const proxy = createLocalProxy({ resolve: testResolver, ...options });
  await proxy.start();
  const { map, entitlements } = documentsFor(world, 'dept-a');
  proxy.setEntitlements(map, entitlements);
  try {
    await run(proxy);
  } finally {
    await proxy.close();
  }
}

function originGet(port: number, path: string, host: string, method = 'GET'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, method, headers: { host }, agent: false },
      (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, rawHeaders: [], body }),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('the PAC file it serves', () => {
  it('is served at /proxy.pac to its own Host and routes the map to this proxy', () =>
    withProxy(async (proxy) => {
      expect(proxy.pacUrl).toBe(`http://127.0.0.1:${proxy.port}/proxy.pac`);
      const pac = await originGet(proxy.port, '/proxy.pac', `127.0.0.1:${proxy.port}`);
      expect(pac.status).toBe(200);
      expect(pac.headers['content-type']).toBe('application/x-ns-proxy-autoconfig');
      expect(pac.headers['cache-control']).toBe('no-store');
      expect(pac.body).toBe(proxy.renderPac());
      const run = loadPac(pac.body, { dns: {} });
      const self = `PROXY 127.0.0.1:${proxy.port}`;
      expect(run.find('http://a.corp.test/', 'a.corp.test')).toBe(self);
      expect(run.find('https://x.b.corp.test/', 'x.b.corp.test')).toBe(self);
      expect(run.find('https://127.0.0.1/', '127.0.0.1')).toBe(self);
      expect(run.find('https://www.example.com/', 'www.example.com')).toBe('DIRECT');
      const head = await originGet(proxy.port, '/proxy.pac', `localhost:${proxy.port}`, 'HEAD');
      expect(head.status).toBe(200);
      expect(head.body).toBe('');
    }));

  it('refuses a foreign Host (a DNS-rebound page) and unknown paths', () =>
    withProxy(async (proxy) => {
      const rebound = await originGet(proxy.port, '/proxy.pac', `evil.example:${proxy.port}`);
      expect(rebound.status).toBe(421);
      expect(rebound.body).not.toContain('corp.test');
      expect((await originGet(proxy.port, '/other', `127.0.0.1:${proxy.port}`)).status).toBe(404);
    }));

  it('answers an absolute-form request for itself instead of looping', () =>
    withProxy(async (proxy) => {
      const pac = await viaProxy(proxy.port, `http://127.0.0.1:${proxy.port}/proxy.pac`);
      expect(pac.status).toBe(200);
      expect(pac.body).toContain('FindProxyForURL');
    }));

  it('follows a new destination map', () =>
    withProxy(async (proxy) => {
      const { entitlements } = documentsFor(world, 'dept-a');
      proxy.setEntitlements(
        {
          version: 'map-2',
          applications: [
            {
              id: 'n',
              enabled: true,
              addresses: [{ host: 'new.corp.test', ports: '*', protocol: 'any' }],
            },
          ],
        },
        entitlements,
      );
      const run = loadPac(proxy.renderPac());
      expect(run.find('http://new.corp.test/', 'new.corp.test')).toBe(
        `PROXY 127.0.0.1:${proxy.port}`,
      );
      expect(run.find('http://a.corp.test/', 'a.corp.test')).toBe('DIRECT');
    }));
});

describe('bounds', () => {
  it('refuses absolute-form upgrades (browsers tunnel WebSockets with CONNECT)', () =>
    withProxy(async (proxy) => {
      const status = await new Promise<number>((resolve, reject) => {
        const req = request({
          host: '127.0.0.1',
          port: proxy.port,
          path: `http://a.corp.test:${echo.port}/ws`,
          headers: { connection: 'upgrade', upgrade: 'websocket' },
          agent: false,
        });
        req.on('response', (res) => resolve(res.statusCode ?? 0));
        req.on('upgrade', (res) => resolve(res.statusCode ?? 0));
        req.on('error', reject);
        req.end();
      });
      expect(status).toBe(501);
    }));

  it('caps open tunnels', () =>
    withProxy(
      async (proxy) => {
        const first = await connectVia(proxy.port, `127.0.0.1:${echo.port}`);
        expect(first.status).toBe(200);
        const second = await connectVia(proxy.port, `127.0.0.1:${echo.port}`);
        expect(second.status).toBe(503);
        first.socket.destroy();
        second.socket.destroy();
      },
      { limits: { maxTunnels: 1 } },
    ));

  it('closes an idle tunnel', () =>
    withProxy(
      async (proxy) => {
        const t = await connectVia(proxy.port, `127.0.0.1:${echo.port}`);
        expect(t.status).toBe(200);
        expect(await closed(t.socket, 3000)).toBe(true);
        // The proxy's side closes in the same turn; its close events follow shortly.
        for (let i = 0; i < 50 && proxy.openConnections() > 0; i++) {
          await new Promise((r) => setTimeout(r, 10));
        }
        expect(proxy.openConnections()).toBe(0);
      },
      { limits: { tunnelIdleMs: 100 } },
    ));

  it('reports a taken port with a stable code', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as AddressInfo).port;
    const proxy = createLocalProxy({ port });
    try {
      const error = await proxy.start().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ProxyError);
      expect((error as ProxyError).code).toBe('PROXY_LISTEN_FAILED');
      expect((error as ProxyError).describe('zh-CN').message).toContain(`127.0.0.1:${port}`);
    } finally {
      await proxy.close();
      blocker.close();
    }
  });
});

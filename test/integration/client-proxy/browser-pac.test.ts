// A real browser configured with the proxy's PAC URL (Chromium, as the system proxy setting
// would configure it): listed destinations go through the proxy and follow the entitlements,
// the denied page is what the person sees, a denied HTTPS tunnel fails, and an unlisted host
// is fetched DIRECT (the proxy never sees it).
import { chromium, type Browser } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalProxy, type LocalProxy } from '../../../main/core/proxy/local-proxy.ts';
import { chromiumLaunch } from '../../../playwright.config.ts';
import { startHttpApp, type HttpApp } from './support/servers.ts';
import { buildWorld, documentsFor, testResolver } from './support/world.ts';

let appA: HttpApp;
let appB: HttpApp;
let publicApp: HttpApp;
let proxy: LocalProxy;
let browser: Browser;
let world: ReturnType<typeof buildWorld>;

beforeAll(async () => {
  [appA, appB, publicApp] = await Promise.all([
    startHttpApp('A'),
    startHttpApp('B'),
    // On another loopback address: the map lists 127.0.0.1, and this one must stay DIRECT.
    startHttpApp('public', '127.0.0.2'),
  ]);
  world = buildWorld({ appA: appA.port, appB: appB.port, echoA: 1, echoB: 2 });
  proxy = createLocalProxy({ resolve: testResolver });
  await proxy.start();
  const { map, entitlements } = documentsFor(world, 'dept-a');
  proxy.setEntitlements(map, entitlements);
  browser = await chromium.launch({
    ...chromiumLaunch,
    args: [
      ...chromiumLaunch.args,
      `--proxy-pac-url=${proxy.pacUrl}`,
      // What the browser's own resolver (and so the PAC's dnsResolve) answers for unlisted names.
      '--host-resolver-rules=MAP public.example.test 127.0.0.2, MAP rebound.example.test 127.0.0.1',
    ],
  });
});

afterAll(async () => {
  await browser?.close();
  await proxy?.close();
  await Promise.all([appA, appB, publicApp].map((s) => s?.close()));
});

describe('Chromium with the PAC file', () => {
  it('reaches an entitled application, gets the denied page for another, and follows a move', async () => {
    const page = await browser.newPage({ locale: 'zh-CN' });
    try {
      const a = await page.goto(`http://a.corp.test:${appA.port}/from-browser`);
      expect(a?.status()).toBe(200);
      expect(JSON.parse(await page.innerText('body'))).toMatchObject({ app: 'A' });

      const b = await page.goto(`http://www.b.corp.test:${appB.port}/`);
      expect(b?.status()).toBe(403);
      expect(await page.innerText('h1')).toBe('访问被拒绝');
      expect(await page.innerText('body')).toContain('策略“No B for A”拒绝访问。');

      const moved = documentsFor(world, 'dept-b');
      proxy.setEntitlements(moved.map, moved.entitlements);
      expect((await page.goto(`http://a.corp.test:${appA.port}/again`))?.status()).toBe(403);
      expect((await page.goto(`http://www.b.corp.test:${appB.port}/`))?.status()).toBe(200);
    } finally {
      await page.close();
      const back = documentsFor(world, 'dept-a');
      proxy.setEntitlements(back.map, back.entitlements);
    }
  });

  it('fails a denied HTTPS tunnel', async () => {
    const page = await browser.newPage();
    try {
      const error = await page.goto(`https://secure.b.corp.test:${appB.port}/`).then(
        () => undefined,
        (e: unknown) => String(e),
      );
      expect(error).toContain('ERR_TUNNEL_CONNECTION_FAILED');
      expect(proxy.recentDecisions({ limit: 1 })[0]).toMatchObject({
        via: 'connect',
        outcome: 'deny',
        host: 'secure.b.corp.test',
      });
    } finally {
      await page.close();
    }
  });

  it('sends an unlisted name that resolves into a listed block to the proxy, which decides by address', async () => {
    const page = await browser.newPage();
    try {
      const r = await page.goto(`http://rebound.example.test:${appB.port}/`);
      expect(r?.status()).toBe(403);
      expect(proxy.recentDecisions({ limit: 1 })[0]).toMatchObject({
        host: 'rebound.example.test',
        outcome: 'deny',
        address: '127.0.0.1',
        appId: 'app-b',
      });
    } finally {
      await page.close();
    }
  });

  it('fetches an unlisted host DIRECT: the proxy never sees it', async () => {
    const page = await browser.newPage();
    try {
      const pub = await page.goto(`http://public.example.test:${publicApp.port}/direct`);
      expect(pub?.status()).toBe(200);
      expect(publicApp.requests.some((r) => r.url === '/direct')).toBe(true);
      expect(proxy.recentDecisions().some((d) => d.host === 'public.example.test')).toBe(false);
    } finally {
      await page.close();
    }
  });
});

// The local enforcement proxy over real sockets on 127.0.0.1: app A and app B are local HTTP
// servers and echo services, entitlements come from the real policy core. Allowed HTTP and
// tunnels pass, denied ones get the page / 403, a change of entitlements applies to the next
// request and closes open connections that lost their access, signed out denies every private
// destination, public destinations go direct.
import { Agent, request } from 'node:http';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLocalProxy, type LocalProxy } from '../../../main/core/proxy/local-proxy.ts';
import {
  closed,
  connectVia,
  roundTrip,
  startEchoService,
  startHttpApp,
  viaProxy,
  type EchoService,
  type HttpApp,
} from './support/servers.ts';
import { buildWorld, documentsFor, NOW, testResolver } from './support/world.ts';

let appA: HttpApp;
let appB: HttpApp;
let publicApp: HttpApp;
let echoA: EchoService;
let echoB: EchoService;
let world: ReturnType<typeof buildWorld>;
let proxy: LocalProxy;
let now = NOW;

beforeAll(async () => {
  [appA, appB, publicApp, echoA, echoB] = await Promise.all([
    startHttpApp('A'),
    startHttpApp('B'),
    startHttpApp('public'),
    startEchoService(),
    startEchoService(),
  ]);
  world = buildWorld({ appA: appA.port, appB: appB.port, echoA: echoA.port, echoB: echoB.port });
});

afterAll(async () => {
  await Promise.all([appA, appB, publicApp, echoA, echoB].map((s) => s.close()));
});

beforeEach(async () => {
  now = NOW;
  proxy = createLocalProxy({ now: () => now, resolve: testResolver });
  await proxy.start();
  const { map, entitlements } = documentsFor(world, 'dept-a');
  proxy.setEntitlements(map, entitlements);
});

afterEach(async () => {
  await proxy.close();
});

const urlA = (path = '/') => `http://a.corp.test:${appA.port}${path}`;
const urlB = (path = '/') => `http://www.b.corp.test:${appB.port}${path}`;

describe('HTTP requests', () => {
  it('forwards an allowed request with its headers, minus the hop-by-hop ones', async () => {
    const before = appA.requests.length;
    const answer = await viaProxy(proxy.port, urlA('/hello?x=1'), {
      headers: {
        'x-custom': 'kept',
        'proxy-authorization': 'Basic c2VjcmV0',
        'proxy-connection': 'keep-alive',
        connection: 'x-named',
        'x-named': 'dropped',
      },
    });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ app: 'A', method: 'GET', url: '/hello?x=1' });
    const seen = appA.requests[before]!;
    expect(seen.headers.host).toBe(`a.corp.test:${appA.port}`);
    expect(seen.headers['x-custom']).toBe('kept');
    expect(seen.headers['proxy-authorization']).toBeUndefined();
    expect(seen.headers['proxy-connection']).toBeUndefined();
    expect(seen.headers['x-named']).toBeUndefined();
    // The answer's own hop-by-hop headers stay behind too; repeated headers pass as they are.
    expect(answer.headers['x-hop']).toBeUndefined();
    expect(answer.headers['set-cookie']).toEqual(['a=1', 'b=2']);
    expect(proxy.recentDecisions({ limit: 1 })[0]).toMatchObject({
      outcome: 'allow',
      reason: 'matched_allow',
      via: 'http',
      host: 'a.corp.test',
      appId: 'app-a',
      appName: 'App A',
      policyName: 'A team',
    });
  });

  it('streams request bodies (chunked and sized) and responses', async () => {
    const before = appA.requests.length;
    const chunk = Buffer.alloc(256 * 1024, 7);
    const chunked = await viaProxy(proxy.port, urlA('/upload'), {
      method: 'POST',
      body: [chunk, chunk, chunk, chunk],
    });
    expect(JSON.parse(chunked.body).body).toBe(1024 * 1024);
    const sized = await viaProxy(proxy.port, urlA('/upload'), {
      method: 'PUT',
      headers: { 'content-length': String(chunk.length) },
      body: chunk,
    });
    expect(JSON.parse(sized.body).body).toBe(chunk.length);
    expect(appA.requests[before + 1]!.headers['content-length']).toBe(String(chunk.length));
    const stream = await viaProxy(proxy.port, urlA('/stream'));
    expect(stream.body).toBe('chunk0\nchunk1\nchunk2\n');
  });

  it('keeps connections alive on both sides', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const connectionsBefore = appA.connections;
    for (let i = 0; i < 5; i++) {
      const a = await viaProxy(proxy.port, urlA(`/k${i}`), { agent });
      expect(a.status).toBe(200);
    }
    agent.destroy();
    // One pooled upstream connection carried all five.
    expect(appA.connections - connectionsBefore).toBe(1);
  });

  it('answers a denied request with the page naming application, policy and reason', async () => {
    const before = appB.requests.length;
    const en = await viaProxy(proxy.port, urlB('/'), { headers: { 'accept-language': 'en-US' } });
    expect(en.status).toBe(403);
    expect(en.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(en.headers['x-gatehouse-reason']).toBe('matched_deny');
    expect(en.body).toContain('Access denied');
    expect(en.body).toContain('Denied by the policy &#34;No B for A&#34;.');
    expect(en.body).toContain('app-b');
    expect(en.body).toContain(`www.b.corp.test:${appB.port}`);
    const zh = await viaProxy(proxy.port, urlB('/'), {
      headers: { 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.8' },
    });
    expect(zh.body).toContain('<html lang="zh-CN">');
    expect(zh.body).toContain('访问被拒绝');
    expect(zh.body).toContain('策略“No B for A”拒绝访问。');
    expect(appB.requests.length).toBe(before);
  });

  it('shows the name of a denied application when the client core supplies it', async () => {
    proxy.setApplicationNames(new Map([['app-b', 'App B 财务']]));
    const page = await viaProxy(proxy.port, urlB('/'));
    expect(page.body).toContain('App B 财务 (app-b)');
    expect(proxy.recentDecisions({ limit: 1 })[0]!.appName).toBe('App B 财务');
  });

  it('sends public destinations direct', async () => {
    const answer = await viaProxy(proxy.port, `http://public.example.test:${publicApp.port}/p`);
    expect(JSON.parse(answer.body).app).toBe('public');
    expect(proxy.recentDecisions({ limit: 1 })[0]).toMatchObject({
      outcome: 'direct',
      host: 'public.example.test',
    });
  });

  it('decides an unlisted name by the address it resolves to', async () => {
    // rebound.example.test is in no application, but resolves to 127.0.0.1:<appB> (app B).
    const answer = await viaProxy(proxy.port, `http://rebound.example.test:${appB.port}/`);
    expect(answer.status).toBe(403);
    expect(proxy.recentDecisions({ limit: 1 })[0]).toMatchObject({
      outcome: 'deny',
      reason: 'matched_deny',
      appId: 'app-b',
      address: '127.0.0.1',
    });
  });

  it('answers 502 when a name does not resolve, 400 for https absolute-form', async () => {
    expect((await viaProxy(proxy.port, 'http://nowhere.invalid/')).status).toBe(502);
    expect((await viaProxy(proxy.port, 'https://a.corp.test/')).status).toBe(400);
  });
});

describe('CONNECT tunnels', () => {
  it('relays bytes both ways for an allowed destination', async () => {
    const t = await connectVia(proxy.port, `127.0.0.1:${echoA.port}`);
    expect(t.status).toBe(200);
    const payload = Buffer.alloc(300_000);
    for (let i = 0; i < payload.length; i++) payload[i] = i % 251;
    expect((await roundTrip(t.socket, payload)).equals(payload)).toBe(true);
    expect((await roundTrip(t.socket, Buffer.from('ping'))).toString()).toBe('ping');
    t.socket.destroy();
    expect(proxy.recentDecisions({ limit: 1 })[0]).toMatchObject({
      outcome: 'allow',
      via: 'connect',
      appId: 'app-a',
    });
  });

  it('tunnels by name, resolved through the injected resolver', async () => {
    const t = await connectVia(proxy.port, `a.corp.test:${echoA.port}`);
    expect(t.status).toBe(200);
    expect((await roundTrip(t.socket, Buffer.from('hello'))).toString()).toBe('hello');
    t.socket.destroy();
  });

  it('refuses a denied destination with 403 and the reason', async () => {
    const connectionsBefore = echoB.connections;
    const t = await connectVia(proxy.port, `127.0.0.1:${echoB.port}`);
    expect(t.status).toBe(403);
    expect(t.head).toContain('X-Gatehouse-Reason: matched_deny');
    expect(t.head).toContain('X-Gatehouse-Application: app-b');
    expect(t.head).toContain(`X-Gatehouse-Policy: ${encodeURIComponent('No B for A')}`);
    expect(await closed(t.socket)).toBe(true);
    expect(echoB.connections).toBe(connectionsBefore);
  });

  it('answers 400 for a malformed target and 508 for a tunnel to the proxy itself', async () => {
    const bad = await connectVia(proxy.port, 'no-port-here');
    expect(bad.status).toBe(400);
    bad.socket.destroy();
    const loop = await connectVia(proxy.port, `127.0.0.1:${proxy.port}`);
    expect(loop.status).toBe(508);
    loop.socket.destroy();
  });
});

describe('following the entitlements', () => {
  it('applies a department move to the next request and closes tunnels that lost access', async () => {
    const tunnelA = await connectVia(proxy.port, `127.0.0.1:${echoA.port}`);
    expect(tunnelA.status).toBe(200);
    expect((await roundTrip(tunnelA.socket, Buffer.from('before'))).toString()).toBe('before');
    expect(proxy.openConnections()).toBe(1);

    const moved = documentsFor(world, 'dept-b');
    expect(proxy.setEntitlements(moved.map, moved.entitlements)).toEqual({ closed: 1 });
    expect(await closed(tunnelA.socket)).toBe(true);
    expect(proxy.recentDecisions({ limit: 1 })[0]).toMatchObject({
      outcome: 'deny',
      reason: 'default_deny',
      via: 'connect',
      appId: 'app-a',
      closedOpenConnection: true,
    });

    expect((await viaProxy(proxy.port, urlA('/'))).status).toBe(403);
    const b = await viaProxy(proxy.port, urlB('/'));
    expect(b.status).toBe(200);
    expect(JSON.parse(b.body).app).toBe('B');
    const tunnelB = await connectVia(proxy.port, `127.0.0.1:${echoB.port}`);
    expect(tunnelB.status).toBe(200);
    tunnelB.socket.destroy();
  });

  it('keeps a tunnel that is still allowed open across a change', async () => {
    const t = await connectVia(proxy.port, `127.0.0.1:${echoA.port}`);
    const same = documentsFor(world, 'dept-a', NOW + 1000);
    expect(proxy.setEntitlements(same.map, same.entitlements)).toEqual({ closed: 0 });
    expect((await roundTrip(t.socket, Buffer.from('still'))).toString()).toBe('still');
    t.socket.destroy();
  });

  it('cuts an HTTP response in flight when its destination is no longer allowed', async () => {
    const agent = new Agent({ keepAlive: false });
    const cut = new Promise<string>((resolve) => {
      const timer = setTimeout(() => resolve('still open'), 3000);
      const done = (how: string) => {
        clearTimeout(timer);
        resolve(how);
      };
      const req = request(
        { host: '127.0.0.1', port: proxy.port, path: urlA('/hold'), agent },
        (res) => {
          res.once('data', () => {
            const moved = documentsFor(world, 'dept-b');
            proxy.setEntitlements(moved.map, moved.entitlements);
          });
          res.on('error', () => done('aborted'));
          res.on('close', () => done(res.complete ? 'complete' : 'aborted'));
        },
      );
      req.on('error', () => done('aborted'));
      req.end();
    });
    expect(await cut).toBe('aborted');
    agent.destroy();
  });

  it('signed out: every private destination is denied, public ones still go direct', async () => {
    const { map } = documentsFor(world, 'dept-a');
    const t = await connectVia(proxy.port, `127.0.0.1:${echoA.port}`);
    expect(proxy.setEntitlements(map, null)).toEqual({ closed: 1 });
    expect(await closed(t.socket)).toBe(true);
    for (const url of [urlA('/'), urlB('/')]) {
      const answer = await viaProxy(proxy.port, url);
      expect(answer.status).toBe(403);
      expect(answer.headers['x-gatehouse-reason']).toBe('signed_out');
      expect(answer.body).toContain('Sign in to Gatehouse');
    }
    const denied = await connectVia(proxy.port, `127.0.0.1:${echoA.port}`);
    expect(denied.status).toBe(403);
    expect(denied.head).toContain('X-Gatehouse-Reason: signed_out');
    denied.socket.destroy();
    const pub = await viaProxy(proxy.port, `http://public.example.test:${publicApp.port}/`);
    expect(pub.status).toBe(200);
  });

  it('treats the documents as stale after valid_until (and closes open tunnels then)', async () => {
    const { map, entitlements } = documentsFor(world, 'dept-a');
    proxy.setEntitlements(map, { ...entitlements, valid_until: NOW + 150 });
    const t = await connectVia(proxy.port, `127.0.0.1:${echoA.port}`);
    expect(t.status).toBe(200);
    now = NOW + 150;
    // The expiry timer fires about 150 ms after setEntitlements (real time).
    expect(await closed(t.socket, 3000)).toBe(true);
    const answer = await viaProxy(proxy.port, urlA('/'));
    expect(answer.status).toBe(403);
    expect(answer.headers['x-gatehouse-reason']).toBe('entitlements_expired');
  });
});

describe('the "why" list', () => {
  it('returns the last decisions newest first, repeats counted, denies on request', async () => {
    await viaProxy(proxy.port, urlA('/1'));
    await viaProxy(proxy.port, urlB('/'));
    await viaProxy(proxy.port, urlA('/2'));
    const recent = proxy.recentDecisions();
    expect(recent.map((d) => [d.outcome, d.host, d.count])).toEqual([
      ['allow', 'a.corp.test', 2],
      ['deny', 'www.b.corp.test', 1],
    ]);
    const denied = proxy.recentDecisions({ onlyDenied: true });
    expect(denied).toHaveLength(1);
    expect(denied[0]).toMatchObject({ policyName: 'No B for A', reason: 'matched_deny' });
    const heard: string[] = [];
    const off = proxy.onDecision((d) => heard.push(`${d.outcome}:${d.host}`));
    await viaProxy(proxy.port, urlB('/'));
    off();
    await viaProxy(proxy.port, urlB('/'));
    expect(heard).toEqual(['deny:www.b.corp.test']);
  });
});

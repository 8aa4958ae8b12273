// The browser bridge over a real socket: the token and Origin guard, the shim and renderer
// served, invoke answered through the same handlers as Electron's IPC, state pushed as events,
// and "open the system browser" reaching the page as an open-url message.
import { mkdtemp, writeFile, mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { viaProxy } from '../client-proxy/support/servers.ts';
import WebSocket from 'ws';
import { engines, type TestDatabase } from '../../fixtures/db.ts';
import { startSignInHarness, type SignInHarness } from '../../fixtures/signin-harness.ts';
import { InMemorySecretStore } from '../../../main/core/secret-store.ts';
import { startBridgeClient, type BridgeClient } from '../../../main/bridge/start-client.ts';
import { SOCKET_PATH } from '../../../main/bridge/shim.ts';
import { approveInBrowser } from './support.ts';

const pglite = engines[0]!;

interface Conn {
  ws: WebSocket;
  messages: Array<Record<string, unknown>>;
  next(
    predicate: (m: Record<string, unknown>) => boolean,
    timeoutMs?: number,
  ): Promise<Record<string, unknown>>;
  invoke(channel: string, request: unknown): Promise<unknown>;
}

function connect(origin: string, token: string, headerOrigin = origin): Promise<Conn> {
  const ws = new WebSocket(
    `${origin.replace('http', 'ws')}${SOCKET_PATH}`,
    ['gatehouse.bridge', `token.${token}`],
    {
      origin: headerOrigin,
    },
  );
  const messages: Array<Record<string, unknown>> = [];
  const waiters = new Set<() => void>();
  ws.on('message', (d) => {
    messages.push(JSON.parse(String(d)) as Record<string, unknown>);
    for (const w of [...waiters]) w();
  });
  let id = 0;
  const conn: Conn = {
    ws,
    messages,
    next(predicate, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const hit = messages.find(predicate);
          if (!hit) return;
          waiters.delete(check);
          clearTimeout(t);
          resolve(hit);
        };
        const t = setTimeout(() => {
          waiters.delete(check);
          reject(new Error('no such message'));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    async invoke(channel, request) {
      const myId = ++id;
      ws.send(JSON.stringify({ type: 'invoke', id: myId, channel, request }));
      const m = await conn.next((x) => x.type === 'response' && x.id === myId);
      return m.value;
    },
  };
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(conn));
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
}

describe('browser bridge', () => {
  let database: TestDatabase;
  let h: SignInHarness;
  let client: BridgeClient;
  let dir: string;

  beforeAll(async () => {
    database = await pglite.open();
    h = await startSignInHarness(database);
    dir = await mkdtemp(join(tmpdir(), 'bridge-'));
    await mkdir(join(dir, 'assets'));
    await writeFile(
      join(dir, 'index.html'),
      '<!doctype html><html><head><title>x</title></head><body></body></html>',
    );
    await writeFile(join(dir, 'assets', 'app.js'), 'console.log(1)');
    client = await startBridgeClient({
      rendererDir: dir,
      controlPlaneUrl: h.baseUrl,
      systemLocale: 'en-US',
      secrets: { store: new InMemorySecretStore(), persistent: true },
    });
  });
  afterAll(async () => {
    await client?.close();
    await h?.close();
    await database?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('serves the renderer with the shim first, and nothing outside its folder', async () => {
    const { origin } = client.bridge;
    const html = await (await fetch(`${origin}/`)).text();
    expect(html.indexOf('__bridge/shim.js')).toBeGreaterThan(0);
    expect(html.indexOf('__bridge/shim.js')).toBeLessThan(html.indexOf('</head>'));
    expect(html).not.toContain(client.bridge.token);
    expect((await fetch(`${origin}/__bridge/shim.js`)).status).toBe(200);
    expect((await fetch(`${origin}/assets/app.js`)).status).toBe(200);
    expect((await fetch(`${origin}/..%2F..%2Fetc%2Fpasswd`)).status).toBe(404);
    expect((await fetch(`${origin}/`, { method: 'POST' })).status).toBe(405);
  });

  it('refuses a socket without the token or from another origin', async () => {
    const { origin, token } = client.bridge;
    await expect(connect(origin, 'wrong-token')).rejects.toThrow(/403/);
    await expect(connect(origin, token, 'http://evil.example')).rejects.toThrow(/403/);
    const ok = await connect(origin, token);
    ok.ws.close();
  });

  it('runs the contract over the socket: enroll, browser sign-in via open-url, state events', async () => {
    const conn = await connect(client.bridge.origin, client.bridge.token);
    try {
      const first = await conn.next((m) => m.type === 'event');
      expect(first).toMatchObject({
        event: 'state:changed',
        payload: { app: { shell: 'browser-bridge' } },
      });
      expect(await conn.invoke('enrollment:enroll', { enterprise_id: 'nope' })).toMatchObject({
        ok: false,
        error: { code: 'ENROLL_INVALID_ID' },
      });
      expect(await conn.invoke('enrollment:enroll', { enterprise_id: 42 })).toMatchObject({
        ok: false,
        error: { code: 'IPC_BAD_REQUEST' },
      });
      const enrolled = (await conn.invoke('enrollment:enroll', {
        enterprise_id: h.tenant.verification_id,
      })) as { ok: boolean; value: { enrollment: { tenant_name: string } } };
      expect(enrolled.value.enrollment.tenant_name).toBe(h.tenant.name);
      const started = (await conn.invoke('sign-in:start-browser', {})) as {
        ok: boolean;
        value: { authorize_url: string };
      };
      expect(started.ok).toBe(true);
      const open = await conn.next((m) => m.type === 'open-url');
      expect(open.url).toBe(started.value.authorize_url);
      expect(await approveInBrowser(h, String(open.url))).toBe(200);
      const signedIn = await conn.next(
        (m) =>
          m.type === 'event' &&
          (m.payload as { sign_in: { phase: string } }).sign_in.phase === 'signed_in',
      );
      expect(JSON.stringify(signedIn)).not.toMatch(/refresh_token|access_token/);
      const out = (await conn.invoke('session:sign-out', {})) as {
        value: { sign_in: { phase: string } };
      };
      expect(out.value.sign_in.phase).toBe('signed_out');
    } finally {
      conn.ws.close();
    }
  });

  it('carries "why denied" over the socket: the channel and the proxy:denied push', async () => {
    const conn = await connect(client.bridge.origin, client.bridge.token);
    try {
      const { proxy } = client.core.snapshot();
      expect(proxy).toMatchObject({ status: 'running', system_proxy: 'unsupported' });
      // Signed out with a known private address: the bridge's own proxy refuses it.
      client.core.enforcement.proxy.setEntitlements(
        {
          version: 'bridge-map',
          applications: [
            {
              id: 'ops',
              enabled: true,
              addresses: [{ host: 'ops.corp.test', ports: '*', protocol: 'any' }],
            },
          ],
        },
        null,
      );
      expect((await viaProxy(proxy.port!, 'http://ops.corp.test/')).status).toBe(403);
      const pushed = await conn.next((m) => m.type === 'event' && m.event === 'proxy:denied');
      expect(pushed.payload).toEqual({
        decisions: [expect.objectContaining({ host: 'ops.corp.test', reason_code: 'signed_out' })],
      });
      expect(await conn.invoke('proxy:recent-denied', { limit: 1 })).toMatchObject({
        ok: true,
        value: { decisions: [{ host: 'ops.corp.test', app_id: 'ops' }] },
      });
    } finally {
      conn.ws.close();
    }
  });
});

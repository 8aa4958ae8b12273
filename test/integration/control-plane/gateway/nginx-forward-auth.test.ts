// Forward-auth with real nginx: the documented example config in front of a local test app,
// asking the control plane (listening on 127.0.0.1) about every request. It allows and denies
// exactly as the decision endpoint does, hands the application the user's identity (and not
// the token), and refuses a revoked session on its next request. Skipped where nginx is not
// installed (CI installs it).
import { existsSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../fixtures/control-plane-app.ts';
import { engines, type TestDatabase } from '../../../fixtures/db.ts';
import { freePort } from '../../../fixtures/signin-harness.ts';
import {
  allowDepartment,
  appBody,
  clientSession,
  policyWorld,
  type PolicyWorld,
} from '../policy/policy-world.ts';
import { NGINX, startNginx, type NginxGateway } from './nginx-harness.ts';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

const get = (port: number, host: string, path: string, headers: Record<string, string> = {}) =>
  new Promise<Answer>((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, headers: { host, ...headers }, timeout: 5000 },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.end();
  });

describe.runIf(existsSync(NGINX))('nginx auth_request in front of a private app', () => {
  describe.each(engines)('$name', (engine) => {
    let database: TestDatabase;
    let t: TestApp;
    let w: PolicyWorld;
    let backend: Server;
    let nginx: NginxGateway;
    let key: string;
    const seen: { path: string; user?: string; email?: string; authorization?: string }[] = [];
    const s: Record<string, { token: string; sessionId: string }> = {};

    beforeAll(async () => {
      database = await engine.open();
      t = await startTestApp(database);
      await t.app.listen({ host: '127.0.0.1', port: 0 });
      const cpPort = (t.app.server.address() as { port: number }).port;
      w = await policyWorld(t, database);
      const wiki = (
        await w.admin.post(`${w.base}/applications`, {
          ...appBody('Wiki', 'wiki.corp.example'),
          addresses: [{ host: 'wiki.corp.example', ports: '*', protocol: 'http' }],
        })
      ).json().application.id as string;
      await w.admin.post(`${w.base}/policies`, allowDepartment('Engineering', 'od-eng', [wiki]));
      await w.admin.post(`${w.base}/policies`, {
        name: 'No Bob',
        priority: 10,
        action: 'deny',
        subjects: { users: [w.users.bob] },
        resources: { applications: [wiki] },
      });
      key = (await w.admin.post(`${w.base}/gateway-keys`, { name: 'nginx' })).json().key;
      for (const name of ['alice', 'bob', 'carol'] as const)
        s[name] = await clientSession(t, database, w, w.users[name]);

      backend = createServer((req, res) => {
        seen.push({
          path: req.url ?? '',
          user: req.headers['x-gatehouse-user'] as string | undefined,
          email: req.headers['x-gatehouse-user-email'] as string | undefined,
          authorization: req.headers.authorization,
        });
        res.writeHead(200, { 'content-type': 'text/plain' }).end(`private page ${req.url}`);
      });
      await new Promise<void>((r) => backend.listen(0, '127.0.0.1', r));
      const backendPort = (backend.address() as { port: number }).port;
      nginx = await startNginx({
        port: await freePort(),
        controlPlane: `http://127.0.0.1:${cpPort}`,
        upstream: `http://127.0.0.1:${backendPort}`,
        gatewayKey: key,
      });
    }, 60_000);

    afterAll(async () => {
      await nginx?.stop();
      await new Promise<void>((r) => (backend ? backend.close(() => r()) : r()));
      await t?.close();
      await database?.close();
    });

    const host = () => `wiki.corp.example:${nginx.port}`;
    const viaNginx = (token?: string, path = '/docs/page?x=1') =>
      get(nginx.port, host(), path, token ? { authorization: `Bearer ${token}` } : {});
    const decide = async (token: string) =>
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/gateway/decide',
          headers: { 'x-gatehouse-gateway-key': key },
          payload: {
            access_token: token,
            host: 'wiki.corp.example',
            port: nginx.port,
            path: '/docs/page',
            protocol: 'http',
          },
        })
      ).json() as { decision: string; reason: string; authenticated: boolean };

    it('lets an allowed user through with their identity, and not the token', async () => {
      const res = await viaNginx(s.alice!.token);
      expect(res.status, `${res.body}\n${await nginx.errorLog()}`).toBe(200);
      expect(res.body).toBe('private page /docs/page?x=1');
      const last = seen.at(-1)!;
      expect(last).toEqual({
        path: '/docs/page?x=1',
        user: w.users.alice,
        email: 'alice%40corp.example',
        authorization: undefined,
      });
      expect((await decide(s.alice!.token)).decision).toBe('allow');
    });

    it('denies the way the decision endpoint does, with the reason', async () => {
      const before = seen.length;
      for (const [name, status, reason] of [
        ['bob', 403, 'matched_deny'],
        ['carol', 403, 'default_deny'],
      ] as const) {
        const res = await viaNginx(s[name]!.token);
        expect(res.status).toBe(status);
        expect(res.headers['x-gatehouse-reason']).toBe(reason);
        const d = await decide(s[name]!.token);
        expect(d).toMatchObject({ decision: 'deny', reason });
      }
      const anonymous = await viaNginx();
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers['x-gatehouse-reason']).toBe('token_missing');
      const forged = await get(nginx.port, host(), '/', {
        authorization: 'Bearer not.a.token',
        'x-gatehouse-user': w.users.alice,
      });
      expect(forged.status).toBe(401);
      expect(seen.length).toBe(before);
    });

    it('refuses a revoked session on its very next request', async () => {
      const fresh = await clientSession(t, database, w, w.users.alice);
      expect((await viaNginx(fresh.token)).status).toBe(200);
      const r = await w.admin.post(`${w.base}/sessions/${fresh.sessionId}/revoke`);
      expect(r.statusCode).toBe(204);
      const after = await viaNginx(fresh.token);
      expect(after.status).toBe(401);
      expect(after.headers['x-gatehouse-reason']).toBe('session_revoked');
      expect(await decide(fresh.token)).toMatchObject({
        decision: 'deny',
        reason: 'session_revoked',
        authenticated: false,
      });
      // Other sessions are untouched.
      expect((await viaNginx(s.alice!.token)).status).toBe(200);
    });

    it('fails closed when the gateway key is revoked', async () => {
      const keys = (await w.admin.get(`${w.base}/gateway-keys`)).json().items as { id: string }[];
      await w.admin.post(`${w.base}/gateway-keys/${keys[0]!.id}/revoke`);
      const before = seen.length;
      const res = await viaNginx(s.alice!.token);
      expect(res.status).toBe(401);
      expect(seen.length).toBe(before);
    });
  });
});

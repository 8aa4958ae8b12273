// Event subscription and delivery over real HTTP on 127.0.0.1: the url_verification challenge,
// signed and encrypted pushes, retries, duplicates, shutdown; and the fidelity check that the
// official Node SDK's EventDispatcher accepts, verifies and decrypts what the sandbox pushes.
import * as lark from '@larksuiteoapi/node-sdk';
import Fastify from 'fastify';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { decryptEvent, signEvent } from '../../../sandbox/events/crypto.ts';
import { postJson } from '../../../sandbox/events/http-post.ts';
import { buildSandbox, type Sandbox } from '../../../sandbox/server.ts';

interface Received {
  raw: string;
  headers: Record<string, string | string[] | undefined>;
  at: number;
}

type Answer = { status?: number; body?: unknown; delayMs?: number };

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(cond: () => boolean, ms = 5000) {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await sleep(10);
  }
}

/** A developer's event endpoint that keeps the raw body (signatures are over raw bytes). */
async function receiver(answer: (r: Received, n: number) => Answer | Promise<Answer>) {
  const app = Fastify();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) =>
    done(null, body),
  );
  const received: Received[] = [];
  app.post('/hook', async (req, reply) => {
    const r: Received = { raw: req.body as string, headers: req.headers, at: Date.now() };
    received.push(r);
    const a = await answer(r, received.length);
    if (a.delayMs) await sleep(a.delayMs);
    return reply.status(a.status ?? 200).send(a.body ?? {});
  });
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  cleanups.push(() => app.close());
  return { url: `${base}/hook`, received };
}

async function sandbox(options: { retryScale?: number; duplicateRate?: number } = {}) {
  const sb = await buildSandbox({
    org: 'tiny',
    seed: 3,
    rateLimits: false,
    retryScale: options.retryScale ?? 0.0001,
    duplicateRate: options.duplicateRate ?? 0,
  });
  cleanups.push(() => sb.close());
  const app = sb.world.apps[0];
  if (!app) throw new Error('no app');
  const admin = async (method: string, url: string, body?: unknown) => {
    const res = await sb.app.inject({
      method: method as 'GET',
      url: `/sandbox${url}`,
      ...(body === undefined ? {} : { payload: body as object }),
    });
    return { status: res.statusCode, body: res.json() as Record<string, unknown> };
  };
  return { sb, app, admin };
}

/** Answers the challenge the way a developer's server does (decrypting when needed). */
const challengeAnswer =
  (encryptKey: string) =>
  (r: Received): Answer => {
    const parsed = JSON.parse(r.raw) as { encrypt?: string; challenge?: string; type?: string };
    const plain = parsed.encrypt ? JSON.parse(decryptEvent(parsed.encrypt, encryptKey)) : parsed;
    return plain.type === 'url_verification' ? { body: { challenge: plain.challenge } } : {};
  };

const member = (sb: Sandbox) => sb.world.sampleUsers.find((u) => u.role === 'member');

describe('url_verification when saving the request URL', () => {
  it('sends an encrypted challenge with the verification token and saves on the right answer', async () => {
    const { app, admin } = await sandbox();
    const hook = await receiver(challengeAnswer(app.encrypt_key));
    const r = await admin('PUT', `/apps/${app.app_id}/event-subscription`, {
      request_url: hook.url,
    });
    expect(r.status).toBe(200);
    expect(r.body.event_subscription).toEqual({ request_url: hook.url, event_types: [] });
    const body = JSON.parse(hook.received[0]?.raw ?? '') as { encrypt: string };
    expect(Object.keys(body)).toEqual(['encrypt']);
    expect(JSON.parse(decryptEvent(body.encrypt, app.encrypt_key))).toEqual({
      challenge: expect.any(String),
      token: app.verification_token,
      type: 'url_verification',
    });
  });

  it('sends it in plain JSON when the encrypt key is cleared', async () => {
    const { app, admin } = await sandbox();
    const hook = await receiver(challengeAnswer(''));
    const r = await admin('PUT', `/apps/${app.app_id}/event-subscription`, {
      request_url: hook.url,
      encrypt_key: '',
      verification_token: 'my-token',
    });
    expect(r.status).toBe(200);
    expect(r.body.encrypt_key).toBe('');
    expect(JSON.parse(hook.received[0]?.raw ?? '')).toMatchObject({
      token: 'my-token',
      type: 'url_verification',
    });
  });

  it.each([
    ['a wrong challenge', (): Answer => ({ body: { challenge: 'nope' } })],
    ['HTTP 500', (): Answer => ({ status: 500, body: {} })],
    ['an answer after 1.2 s', (r: Received): Answer => ({ ...echo(r), delayMs: 1200 })],
    ['an encrypted answer', (): Answer => ({ body: { encrypt: 'abc' } })],
  ])('refuses %s and does not save the URL', async (_what, answer) => {
    const { app, admin, sb } = await sandbox();
    echoKey = app.encrypt_key;
    const hook = await receiver(answer);
    const r = await admin('PUT', `/apps/${app.app_id}/event-subscription`, {
      request_url: hook.url,
    });
    expect(r.status).toBe(400);
    expect((r.body.error as { code: string }).code).toBe('url_verification_failed');
    expect(sb.ctx.store.requireApp(app.app_id).subscription).toBeUndefined();
  });

  it('refuses an unreachable URL and a non-http URL', async () => {
    const { app, admin } = await sandbox();
    const dead = await admin('PUT', `/apps/${app.app_id}/event-subscription`, {
      request_url: 'http://127.0.0.1:9/hook',
    });
    expect(dead.status).toBe(400);
    const ftp = await admin('PUT', `/apps/${app.app_id}/event-subscription`, {
      request_url: 'ftp://127.0.0.1/hook',
    });
    expect(ftp.status).toBe(400);
    expect((ftp.body.error as { code: string }).code).toBe('invalid_request');
  });
});

let echoKey = '';
const echo = (r: Received) => challengeAnswer(echoKey)(r);

describe('event delivery', () => {
  it('pushes signed, encrypted, compact v2 events that a raw-body verifier accepts', async () => {
    const { app, admin, sb } = await sandbox();
    const hook = await receiver(challengeAnswer(app.encrypt_key));
    await admin('PUT', `/apps/${app.app_id}/event-subscription`, { request_url: hook.url });
    const u = member(sb);
    await admin('PATCH', `/users/${u?.union_id}`, { job_title: '安全专家' });
    await until(() => hook.received.length === 2);
    const push = hook.received[1] as Received;
    const ts = String(push.headers['x-lark-request-timestamp']);
    const nonce = String(push.headers['x-lark-request-nonce']);
    expect(ts).toMatch(/^\d{10}$/); // seconds
    expect(Math.abs(Number(ts) - sb.ctx.clock.nowSeconds())).toBeLessThan(5);
    expect(push.headers['x-lark-signature']).toBe(signEvent(ts, nonce, app.encrypt_key, push.raw));
    expect(push.headers['content-type']).toBe('application/json; charset=utf-8');
    const plain = decryptEvent(
      (JSON.parse(push.raw) as { encrypt: string }).encrypt,
      app.encrypt_key,
    );
    expect(plain).toBe(JSON.stringify(JSON.parse(plain))); // compact
    const envelope = JSON.parse(plain);
    expect(envelope.header).toMatchObject({
      event_type: 'contact.user.updated_v3',
      token: app.verification_token,
      app_id: app.app_id,
      tenant_key: app.tenant_key,
    });
    expect(envelope.event.object.union_id).toBe(u?.union_id);
    expect(envelope.event.old_object).toEqual({ job_title: expect.any(String) });
    const log = await admin('GET', `/apps/${app.app_id}/deliveries`);
    expect((log.body.deliveries as Record<string, unknown>[])[0]).toMatchObject({
      event_id: envelope.header.event_id,
      state: 'delivered',
      attempts: [expect.objectContaining({ status: 200 })],
    });
  });

  it('retries a failing endpoint on the scaled schedule until it answers 200', async () => {
    const { app, admin, sb } = await sandbox({ retryScale: 0.0001 });
    const hook = await receiver((r, n) => (n === 1 ? echo(r) : n <= 3 ? { status: 503 } : {}));
    echoKey = app.encrypt_key;
    await admin('PUT', `/apps/${app.app_id}/event-subscription`, { request_url: hook.url });
    await admin('POST', `/users/${member(sb)?.union_id}/resign`);
    await until(() => hook.received.length === 4);
    const ids = hook.received
      .slice(1)
      .map(
        (r) => JSON.parse(decryptEvent(JSON.parse(r.raw).encrypt, app.encrypt_key)).header.event_id,
      );
    expect(new Set(ids).size).toBe(1); // the same event each time
    type Log = { state: string; attempts: { status: number }[] }[];
    let record: Log[number] | undefined;
    for (let i = 0; i < 100 && record?.state !== 'delivered'; i += 1) {
      const log = await admin('GET', `/deliveries?app_id=${app.app_id}`);
      record = (log.body.deliveries as Log)[0];
      await sleep(10);
    }
    expect(record?.state).toBe('delivered');
    expect(record?.attempts.map((a) => a.status)).toEqual([503, 503, 200]);
  });

  it('delivers at least once: with duplicateRate 1 the same event_id arrives twice', async () => {
    const { app, admin, sb } = await sandbox({ duplicateRate: 1 });
    const hook = await receiver(challengeAnswer(app.encrypt_key));
    await admin('PUT', `/apps/${app.app_id}/event-subscription`, { request_url: hook.url });
    await admin('PATCH', `/users/${member(sb)?.union_id}`, { city: '成都' });
    await until(() => hook.received.length === 3);
    await sleep(100);
    expect(hook.received).toHaveLength(3);
    const ids = hook.received
      .slice(1)
      .map(
        (r) => JSON.parse(decryptEvent(JSON.parse(r.raw).encrypt, app.encrypt_key)).header.event_id,
      );
    expect(ids[0]).toBe(ids[1]);
  });

  it('stops retrying when the sandbox closes', async () => {
    const { app, admin, sb } = await sandbox({ retryScale: 0.001 }); // 15 ms, 300 ms, ...
    echoKey = app.encrypt_key;
    const hook = await receiver((r, n) => (n === 1 ? echo(r) : { status: 500 }));
    await admin('PUT', `/apps/${app.app_id}/event-subscription`, { request_url: hook.url });
    await admin('PATCH', `/users/${member(sb)?.union_id}`, { city: '成都' });
    await until(() => hook.received.length === 3); // first try + the 15 ms retry
    await sb.close();
    const seen = hook.received.length;
    await sleep(700); // the 300 ms retry would have come by now
    expect(hook.received.length).toBe(seen);
  });

  it('gives up on a slow endpoint at the deadline', async () => {
    const hook = await receiver(() => ({ delayMs: 500 }));
    const started = Date.now();
    await expect(postJson(hook.url, '{}', {}, 100)).rejects.toThrow(/timed out after 100 ms/);
    expect(Date.now() - started).toBeLessThan(450);
  });
});

describe('fidelity: the official Node SDK EventDispatcher', () => {
  it('answers the challenge, verifies the signature and decrypts the pushed events', async () => {
    const { app, admin, sb } = await sandbox();
    const got: Record<string, Record<string, unknown>[]> = {};
    const handle = (type: string) => async (data: Record<string, unknown>) => {
      (got[type] ??= []).push(data);
      return 'ok';
    };
    const dispatcher = new lark.EventDispatcher({
      encryptKey: app.encrypt_key,
      verificationToken: app.verification_token,
      loggerLevel: lark.LoggerLevel.error,
    }).register({
      'contact.user.updated_v3': handle('user.updated'),
      'contact.user.deleted_v3': handle('user.deleted'),
      'contact.department.created_v3': handle('department.created'),
    });
    const server: Server = createServer(
      lark.adaptDefault('/webhook/event', dispatcher, { autoChallenge: true }),
    );
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    cleanups.push(() => new Promise((r) => server.close(r)));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook/event`;

    const saved = await admin('PUT', `/apps/${app.app_id}/event-subscription`, {
      request_url: url,
    });
    expect(saved.status).toBe(200);
    const u = member(sb);
    await admin('PATCH', `/users/${u?.union_id}`, { job_title: 'SDK 验证' });
    await admin('POST', '/departments', { name: 'SDK 部门', department_id: 'sdk-dept' });
    await admin('POST', `/users/${u?.union_id}/resign`);
    await until(() => Object.values(got).flat().length === 3);

    const openId = sb.ctx.store.openIds.openIdFor(
      app.app_id,
      sb.ctx.store.userByUnionId(u?.union_id ?? '')?.key ?? '',
    );
    // the SDK flattens header and event into one object
    expect(got['user.updated']?.[0]).toMatchObject({
      event_type: 'contact.user.updated_v3',
      app_id: app.app_id,
      tenant_key: app.tenant_key,
      token: app.verification_token,
      object: { open_id: openId, job_title: 'SDK 验证' },
    });
    expect(got['department.created']?.[0]).toMatchObject({
      object: { department_id: 'sdk-dept', name: 'SDK 部门' },
    });
    expect(got['user.deleted']?.[0]).toMatchObject({
      object: { open_id: openId },
      old_object: { open_id: openId, department_ids: expect.any(Array) },
    });
  });

  it('rejects a push whose signature does not match (so the check above is real)', async () => {
    const { app, admin, sb } = await sandbox();
    const hook = await receiver(challengeAnswer(app.encrypt_key));
    await admin('PUT', `/apps/${app.app_id}/event-subscription`, { request_url: hook.url });
    await admin('PATCH', `/users/${member(sb)?.union_id}`, { city: '西安' });
    await until(() => hook.received.length === 2);
    const push = hook.received[1] as Received;
    const calls: unknown[] = [];
    const dispatcher = new lark.EventDispatcher({
      encryptKey: app.encrypt_key,
      loggerLevel: lark.LoggerLevel.error,
    }).register({ 'contact.user.updated_v3': async (d: unknown) => calls.push(d) });
    const asReceived = (headers: Received['headers']) =>
      Object.assign(Object.create({ headers }), JSON.parse(push.raw));
    await dispatcher.invoke(asReceived(push.headers));
    expect(calls).toHaveLength(1);
    await dispatcher.invoke(asReceived({ ...push.headers, 'x-lark-request-nonce': 'forged' }));
    expect(calls).toHaveLength(1);
  });
});

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './openapi-harness.ts';

const USERS = '/open-apis/contact/v3/users/find_by_department?department_id=0';
const TOKEN = '/open-apis/auth/v3/tenant_access_token/internal';

let h: Harness;
let token: string;
beforeAll(async () => {
  h = await startHarness();
  token = await h.tokenFor(h.addApp('cli_faults'));
});
afterEach(async () => {
  await h.call('DELETE', '/sandbox/faults');
});
afterAll(async () => {
  await h.close();
});

const addFault = async (body: unknown) => {
  const r = await h.call('POST', '/sandbox/faults', { body });
  expect(r.status).toBe(201);
  return r.body.id as string;
};

describe('fault injection', () => {
  it('injects a status a given number of times, then stops', async () => {
    await addFault({ path: '/open-apis/contact', kind: 'status', status: 500, times: 2 });
    const a = await h.get(USERS, token);
    expect(a.status).toBe(500);
    expect(a.body.code).toBe(55001);
    expect((await h.get(USERS, token)).status).toBe(500);
    expect((await h.get(USERS, token)).status).toBe(200);
    expect((await h.get('/sandbox/faults')).body.faults).toEqual([]);
  });

  it('applies on /lark, with a custom code and message', async () => {
    await addFault({
      path: '/open-apis/contact',
      kind: 'status',
      status: 503,
      code: 1,
      msg: 'down',
    });
    const r = await h.get(`/lark${USERS}`, token);
    expect(r.status).toBe(503);
    expect(r.body).toMatchObject({ code: 1, msg: 'down' });
  });

  it('injects rate limiting and an invalid token', async () => {
    await addFault({ path: '/open-apis/contact', kind: 'rate_limit', times: 1 });
    const limited = await h.get(USERS, token);
    expect([limited.status, limited.body.code]).toEqual([429, 99991400]);
    expect(limited.headers.get('x-ogw-ratelimit-reset')).toBe('1');
    await addFault({ path: '/open-apis/contact', kind: 'invalid_token', times: 1 });
    const invalid = await h.get(USERS, token);
    expect([invalid.status, invalid.body.code]).toEqual([400, 99991663]);
    expect((await h.get(USERS, token)).status).toBe(200);
  });

  it('delays with latency and still answers', async () => {
    await addFault({ path: '/open-apis/contact', kind: 'latency', latency_ms: 150, times: 1 });
    const started = performance.now();
    const r = await h.get(USERS, token);
    expect(r.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('drops the connection without an answer', async () => {
    await addFault({ path: '/open-apis/contact', kind: 'drop', times: 1 });
    await expect(h.get(USERS, token)).rejects.toThrow();
    expect((await h.get(USERS, token)).status).toBe(200);
  });

  it('filters by method and app_id, including app_id in a token request body', async () => {
    const a = h.addApp('cli_faults_a');
    const b = h.addApp('cli_faults_b');
    await addFault({ path: TOKEN, method: 'post', app_id: a.appId, kind: 'status', status: 502 });
    const ra = await h.call('POST', TOKEN, { body: { app_id: a.appId, app_secret: a.appSecret } });
    expect(ra.status).toBe(502);
    const rb = await h.call('POST', TOKEN, { body: { app_id: b.appId, app_secret: b.appSecret } });
    expect(rb.status).toBe(200);
    await addFault({
      path: '/open-apis/contact',
      app_id: 'cli_faults',
      method: 'GET',
      kind: 'status',
    });
    expect((await h.get(USERS, token)).status).toBe(500);
    expect((await h.get(USERS, await h.tokenFor(b))).status).toBe(200);
  });

  it('honours probability 0 and deletes by id', async () => {
    const never = await addFault({ path: '/open-apis', kind: 'status', probability: 0 });
    expect((await h.get(USERS, token)).status).toBe(200);
    const always = await addFault({ path: '/open-apis', kind: 'status' });
    expect((await h.get(USERS, token)).status).toBe(500);
    expect((await h.call('DELETE', `/sandbox/faults/${always}`)).status).toBe(200);
    expect((await h.call('DELETE', `/sandbox/faults/${always}`)).status).toBe(404);
    expect((await h.get(USERS, token)).status).toBe(200);
    const list = (await h.get('/sandbox/faults')).body.faults as { id: string }[];
    expect(list.map((f) => f.id)).toEqual([never]);
  });

  it('validates input and never touches /sandbox', async () => {
    expect((await h.call('POST', '/sandbox/faults', { body: { kind: 'drop' } })).status).toBe(400);
    expect(
      (await h.call('POST', '/sandbox/faults', { body: { path: '/sandbox', kind: 'drop' } }))
        .status,
    ).toBe(400);
    await addFault({ path: '/', kind: 'status' });
    expect((await h.get('/sandbox/faults')).status).toBe(200);
    expect((await h.get(USERS, token)).status).toBe(500);
  });
});

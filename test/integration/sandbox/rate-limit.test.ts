import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './openapi-harness.ts';

const USERS = '/open-apis/contact/v3/users/find_by_department?department_id=0';
const KEY = 'GET /open-apis/contact/v3/users/find_by_department';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ rateLimits: true });
});
afterAll(async () => {
  await h.close();
});

/** Moves the sandbox clock to just after the start of a second, so a burst fits in one window. */
function alignToSecond() {
  const ms = h.clock.now() % 1000;
  h.clock.advance(1000 - ms + 5);
}

describe('rate limits', () => {
  it('answers 429 with 99991400 and the ogw headers once the per-second limit is used', async () => {
    const app = h.addApp('cli_rl_burst');
    const t = await h.tokenFor(app);
    alignToSecond();
    const answers = await Promise.all(Array.from({ length: 55 }, () => h.get(USERS, t)));
    const limited = answers.filter((a) => a.status === 429);
    expect(answers.filter((a) => a.status === 200).length).toBe(50);
    expect(limited.length).toBe(5);
    expect(limited[0]!.body).toEqual({ code: 99991400, msg: 'request trigger frequency limit' });
    expect(limited[0]!.headers.get('x-ogw-ratelimit-limit')).toBe('50');
    expect(Number(limited[0]!.headers.get('x-ogw-ratelimit-reset'))).toBeGreaterThanOrEqual(1);
    // Another app has its own budget; the next second restores this one.
    const other = await h.tokenFor(h.addApp('cli_rl_other'));
    expect((await h.get(USERS, other)).status).toBe(200);
    h.clock.advance(1000);
    expect((await h.get(USERS, t)).status).toBe(200);
  });

  it('is configurable at runtime and never limits /sandbox', async () => {
    const bad = await h.call('PUT', '/sandbox/rate-limits', {
      body: { overrides: { 'not a key': { perSecond: 1 } } },
    });
    expect(bad.status).toBe(400);
    const zero = await h.call('PUT', '/sandbox/rate-limits', {
      body: { overrides: { [KEY]: { perSecond: 0 } } },
    });
    expect(zero.status).toBe(400);
    const ok = await h.call('PUT', '/sandbox/rate-limits', {
      body: { enabled: true, overrides: { [KEY]: { perMinute: 2 } } },
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ enabled: true, overrides: { [KEY]: { perMinute: 2 } } });
    expect((await h.get('/sandbox/rate-limits')).body).toMatchObject({ enabled: true });

    const t = await h.tokenFor(h.addApp('cli_rl_minute'));
    expect((await h.get(USERS, t)).status).toBe(200);
    expect((await h.get(USERS, t)).status).toBe(200);
    const third = await h.get(USERS, t);
    expect(third.status).toBe(429);
    expect(third.headers.get('x-ogw-ratelimit-limit')).toBe('2');
    for (let i = 0; i < 60; i++) expect((await h.get('/sandbox/rate-limits')).status).toBe(200);

    await h.call('PUT', '/sandbox/rate-limits', { body: { enabled: false } });
    expect((await h.get(USERS, t)).status).toBe(200);
    await h.call('PUT', '/sandbox/rate-limits', { body: { enabled: true, overrides: {} } });
  });

  it('limits the token endpoint per app_id in the body', async () => {
    const app = h.addApp('cli_rl_token');
    await h.call('PUT', '/sandbox/rate-limits', {
      body: {
        overrides: { 'POST /open-apis/auth/v3/tenant_access_token/internal': { perSecond: 1 } },
      },
    });
    alignToSecond();
    const creds = { app_id: app.appId, app_secret: app.appSecret };
    const path = '/open-apis/auth/v3/tenant_access_token/internal';
    expect((await h.call('POST', path, { body: creds })).status).toBe(200);
    expect((await h.call('POST', path, { body: creds })).status).toBe(429);
    await h.call('PUT', '/sandbox/rate-limits', { body: { overrides: {} } });
  });
});

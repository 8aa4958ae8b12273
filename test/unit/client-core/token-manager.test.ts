// The token manager with a scripted control plane (the refresh answers are the thing under
// test: ordering, single flight, offline vs refused) and a manual clock and timers.
import { describe, expect, it } from 'vitest';
import type { TokenResponse } from '../../../shared/domain/auth/token.ts';
import type { ControlPlaneApi } from '../../../main/core/control-plane-api.ts';
import { ControlPlaneHttpError } from '../../../main/core/control-plane-http-errors.ts';
import { InMemorySecretStore, type SecretRef } from '../../../main/core/secret-store.ts';
import { TokenManager, type Timers } from '../../../main/core/token-manager.ts';

const ref: SecretRef = {
  controlPlaneUrl: 'https://cp.example',
  enterpriseId: 'abcdabcdabcd',
  name: 'refresh-token',
};

const tokens = (n: number, expiresIn = 600): TokenResponse => ({
  token_type: 'Bearer',
  access_token: `access-${n}`,
  expires_in: expiresIn,
  refresh_token: `refresh-token-number-${n}`,
  refresh_expires_in: 86_400,
  session_id: '00000000-0000-4000-8000-000000000001',
  entitlement_version: 0,
  profile: {
    user_id: '00000000-0000-4000-8000-000000000002',
    open_id: 'ou_1',
    union_id: 'on_1',
    name: 'Ada',
    en_name: null,
    email: null,
    username: null,
    department_ids: [],
    departments: [],
    avatar_url: null,
    tenant: { id: '00000000-0000-4000-8000-000000000003', name: 'Acme' },
    source: { id: '00000000-0000-4000-8000-000000000004', name: 'feishu', brand: 'feishu' },
  },
});

function setup(refresh: (n: number, token: string) => Promise<TokenResponse>) {
  let now = 1_000_000;
  const scheduled: Array<{ at: number; fn: () => void; cancelled: boolean }> = [];
  const timers: Timers = {
    setTimeout: (fn, ms) => {
      const t = { at: now + ms, fn, cancelled: false };
      scheduled.push(t);
      return t;
    },
    clearTimeout: (h) => {
      (h as { cancelled: boolean }).cancelled = true;
    },
  };
  let calls = 0;
  const seen: string[] = [];
  const api = {
    refresh: async ({ refreshToken }: { refreshToken: string }) => {
      seen.push(refreshToken);
      return refresh(++calls, refreshToken);
    },
    logout: async () => undefined,
  } as unknown as ControlPlaneApi;
  const secrets = new InMemorySecretStore();
  const ended: string[] = [];
  const unreachable: string[] = [];
  const tm = new TokenManager({
    api: () => api,
    secrets,
    secretRef: () => ref,
    deviceId: 'dev_1234567890',
    clock: { now: () => now },
    timers,
    onEnded: (e) => ended.push(e.code),
    onUnreachable: (e) => unreachable.push(e.code),
  });
  return {
    tm,
    secrets,
    ended,
    unreachable,
    seen,
    calls: () => calls,
    advance(ms: number) {
      now += ms;
      for (const t of scheduled.splice(0)) {
        if (t.cancelled) continue;
        if (t.at <= now) t.fn();
        else scheduled.push(t);
      }
    },
  };
}

describe('token manager', () => {
  it('keeps the refresh token in the secret store and the access token in memory', async () => {
    const s = setup(async (n) => tokens(n + 1));
    await s.tm.adopt(tokens(1));
    expect(await s.secrets.get(ref)).toBe('refresh-token-number-1');
    expect(await s.tm.accessToken()).toBe('access-1');
    expect(s.calls()).toBe(0);
  });

  it('refreshes once for concurrent callers and rotates the stored token', async () => {
    const s = setup(async (n) => tokens(n + 1));
    await s.tm.adopt(tokens(1));
    const all = await Promise.all([s.tm.refresh(), s.tm.refresh(), s.tm.refresh()]);
    expect(all).toEqual(['access-2', 'access-2', 'access-2']);
    expect(s.calls()).toBe(1);
    expect(await s.secrets.get(ref)).toBe('refresh-token-number-2');
  });

  it('refreshes ahead of expiry on its own', async () => {
    const s = setup(async (n) => tokens(n + 1));
    await s.tm.adopt(tokens(1, 100));
    s.advance(79_000);
    expect(s.calls()).toBe(0);
    s.advance(2_000);
    await new Promise((r) => setImmediate(r));
    expect(s.calls()).toBe(1);
    expect(await s.secrets.get(ref)).toBe('refresh-token-number-2');
  });

  it('an expired access token is refreshed before use', async () => {
    const s = setup(async (n) => tokens(n + 1));
    await s.tm.adopt(tokens(1, 60));
    s.advance(58_000);
    expect(await s.tm.accessToken()).toBe('access-2');
  });

  it('a refused refresh ends the session and empties the keychain', async () => {
    const s = setup(async () => {
      throw new ControlPlaneHttpError('CP_HTTP', { status: 400, params: { status: 400 } });
    });
    await s.tm.adopt(tokens(1));
    await expect(s.tm.refresh()).rejects.toBeInstanceOf(ControlPlaneHttpError);
    expect(s.ended).toEqual(['CP_HTTP']);
    expect(await s.secrets.get(ref)).toBeUndefined();
    expect(s.tm.signedIn).toBe(false);
  });

  it('an unreachable control plane keeps the tokens and retries later', async () => {
    let fail = true;
    const s = setup(async (n) => {
      if (fail) throw new ControlPlaneHttpError('CP_UNREACHABLE', { params: { host: 'cp' } });
      return tokens(n + 1);
    });
    await s.tm.adopt(tokens(1));
    await expect(s.tm.refresh()).rejects.toMatchObject({ code: 'CP_UNREACHABLE' });
    expect(s.unreachable).toEqual(['CP_UNREACHABLE']);
    expect(s.tm.signedIn).toBe(true);
    expect(await s.secrets.get(ref)).toBe('refresh-token-number-1');
    fail = false;
    s.advance(2_000);
    await new Promise((r) => setImmediate(r));
    expect(await s.secrets.get(ref)).toMatch(/refresh-token-number-\d/);
    expect(s.tm.signedIn).toBe(true);
  });

  it('on a 401: one refresh and one retry, then the session is over', async () => {
    const s = setup(async (n) => tokens(n + 1));
    await s.tm.adopt(tokens(1));
    const unauthorized = () =>
      new ControlPlaneHttpError('CP_HTTP', { status: 401, params: { status: 401 } });
    const used: string[] = [];
    const ok = await s.tm.authorized(async (t) => {
      used.push(t);
      if (used.length === 1) throw unauthorized();
      return 'done';
    });
    expect(ok).toBe('done');
    expect(used).toEqual(['access-1', 'access-2']);
    await expect(
      s.tm.authorized(async () => {
        throw unauthorized();
      }),
    ).rejects.toMatchObject({ status: 401 });
    expect(s.ended).toEqual(['CP_HTTP']);
    expect(s.tm.signedIn).toBe(false);
  });

  it('sign-out clears the keychain even when the server cannot be told', async () => {
    const s = setup(async (n) => tokens(n + 1));
    await s.tm.adopt(tokens(1));
    await s.tm.signOut();
    expect(await s.secrets.get(ref)).toBeUndefined();
    await expect(s.tm.accessToken()).rejects.toMatchObject({ code: 'SESSION_ENDED' });
  });

  it('restores from the keychain by refreshing', async () => {
    const s = setup(async (n) => tokens(n + 10));
    await s.secrets.set(ref, 'refresh-token-number-9');
    expect(await s.tm.restore()).toBe(true);
    expect(s.seen).toEqual(['refresh-token-number-9']);
    expect(await s.tm.accessToken()).toBe('access-11');
  });
});

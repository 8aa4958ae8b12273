// The OAuth module's stores on their own, with the sandbox clock: code lifetime and single use,
// token rotation, the grace minute and family revocation, QR and tmp_code lifetimes, browser
// sessions and their cookies.
import { describe, expect, it } from 'vitest';
import { SandboxClock } from '../../../sandbox/clock.ts';
import { BrowserSessionStore, readCookie } from '../../../sandbox/oauth/browser-sessions.ts';
import { AuthCodeStore, type CodeGrant } from '../../../sandbox/oauth/codes.ts';
import { GrantStore } from '../../../sandbox/oauth/grants.ts';
import { QrStore } from '../../../sandbox/oauth/qr-store.ts';
import { UserTokenStore, type UserGrant } from '../../../sandbox/oauth/user-tokens.ts';

/** The sandbox clock follows real time; boundaries down to the millisecond need it frozen. */
class FrozenClock extends SandboxClock {
  private t = 1_700_000_000_000;
  override now(): number {
    return this.t;
  }
  override advance(ms: number): void {
    this.t += ms;
  }
}

const codeGrant: CodeGrant = {
  brand: 'feishu',
  flow: 'v2',
  appId: 'cli_a',
  userKey: 'u1',
  redirectUri: 'https://app.example/cb',
  scopes: [],
  authTime: 0,
};

const userGrant: UserGrant = {
  brand: 'feishu',
  flow: 'v2',
  appId: 'cli_a',
  userKey: 'u1',
  scopes: ['offline_access'],
  authTime: 0,
};
const lifetimes = { accessSeconds: 7200, refreshSeconds: 604800 };

describe('AuthCodeStore', () => {
  it('issues 64-character url-safe codes that differ', () => {
    const store = new AuthCodeStore(new FrozenClock());
    const a = store.issue(codeGrant);
    const b = store.issue(codeGrant);
    expect(a).toMatch(/^[A-Za-z0-9_-]{64}$/);
    expect(a).not.toBe(b);
  });

  it('reports used before expired, and expired after exactly 5 minutes', () => {
    const clock = new FrozenClock();
    const store = new AuthCodeStore(clock);
    const code = store.issue(codeGrant);
    clock.advance(5 * 60_000 - 1);
    expect(store.peek(code)).toEqual({ ok: true, grant: codeGrant });
    clock.advance(1);
    expect(store.peek(code)).toEqual({ ok: false, reason: 'expired' });
    store.consume(code);
    expect(store.peek(code)).toEqual({ ok: false, reason: 'used' });
    expect(store.peek('nope')).toEqual({ ok: false, reason: 'unknown' });
  });

  it('forgets long-dead codes so memory stays bounded', () => {
    const clock = new FrozenClock();
    const store = new AuthCodeStore(clock);
    for (let i = 0; i < 255; i++) store.issue(codeGrant);
    clock.advance(3600_000);
    store.issue(codeGrant); // the 256th issue prunes
    expect(store.size).toBe(1);
  });
});

describe('UserTokenStore', () => {
  it('rotates refresh tokens and caps older access tokens to one more minute', () => {
    const clock = new FrozenClock();
    const store = new UserTokenStore(clock);
    const first = store.issue(userGrant, lifetimes);
    const firstRefresh = first.refreshToken ?? '';
    expect(store.lookupRefresh(firstRefresh).ok).toBe(true);
    const second = store.rotate(firstRefresh, ['offline_access'], lifetimes);
    expect(store.lookupRefresh(firstRefresh)).toEqual({ ok: false, reason: 'used' });
    clock.advance(60_000 - 1);
    expect(store.lookupAccess(first.accessToken).ok).toBe(true);
    clock.advance(1);
    expect(store.lookupAccess(first.accessToken)).toEqual({ ok: false, reason: 'expired' });
    expect(store.lookupAccess(second.accessToken).ok).toBe(true);
  });

  it('revokes the whole family on request', () => {
    const store = new UserTokenStore(new FrozenClock());
    const first = store.issue(userGrant, lifetimes);
    const second = store.rotate(first.refreshToken ?? '', ['offline_access'], lifetimes);
    store.revokeFamilyOf(first.refreshToken ?? '');
    expect(store.lookupRefresh(second.refreshToken ?? '')).toEqual({
      ok: false,
      reason: 'revoked',
    });
    expect(store.lookupAccess(second.accessToken)).toEqual({ ok: false, reason: 'revoked' });
    const unrelated = store.issue(userGrant, lifetimes);
    expect(store.lookupAccess(unrelated.accessToken).ok).toBe(true);
  });

  it('makes v2 tokens JWT-shaped and passport tokens u-/ur- prefixed', () => {
    const store = new UserTokenStore(new FrozenClock());
    const v2 = store.issue(userGrant, lifetimes);
    expect(v2.accessToken.split('.')).toHaveLength(3);
    expect(v2.accessToken.length).toBeGreaterThan(700);
    const header = JSON.parse(
      Buffer.from(v2.accessToken.split('.')[0] ?? '', 'base64url').toString(),
    );
    expect(header.typ).toBe('JWT');
    const p = store.issue({ ...userGrant, flow: 'passport' }, lifetimes);
    expect(p.accessToken).toMatch(/^u-/);
    expect(p.refreshToken).toMatch(/^ur-/);
  });

  it('forgets tokens a day after they died, so memory stays bounded', () => {
    const clock = new FrozenClock();
    const store = new UserTokenStore(clock);
    const old = store.issue(userGrant, lifetimes);
    clock.advance(7200_000);
    expect(store.lookupAccess(old.accessToken)).toEqual({ ok: false, reason: 'expired' });
    clock.advance(604_800_000 + 24 * 3600_000);
    for (let i = 0; i < 256; i++) store.issue(userGrant, lifetimes); // every 256th issue prunes
    expect(store.lookupAccess(old.accessToken)).toEqual({ ok: false, reason: 'unknown' });
    expect(store.lookupRefresh(old.refreshToken ?? '')).toEqual({ ok: false, reason: 'unknown' });
  });

  it('issues no refresh token when none is asked for', () => {
    const store = new UserTokenStore(new FrozenClock());
    const t = store.issue(userGrant, { accessSeconds: 7200 });
    expect(t.refreshToken).toBeUndefined();
    expect(t.expiresIn).toBe(7200);
  });
});

describe('GrantStore', () => {
  it('accumulates scopes per app and user', () => {
    const grants = new GrantStore();
    expect(grants.grant('a', 'u', ['x'])).toEqual(['x']);
    expect(grants.grant('a', 'u', ['y'])).toEqual(['x', 'y']);
    expect(grants.grant('b', 'u', [])).toEqual([]);
    expect(grants.scopesOf('a', 'u')).toEqual(['x', 'y']);
  });
});

describe('QrStore', () => {
  it('keeps a QR pending for 3 minutes and hands out a single-use tmp_code', () => {
    const clock = new FrozenClock();
    const qrs = new QrStore(clock);
    const qr = qrs.create('feishu', 'cli_a');
    expect(qrs.latestPending()).toBe(qr);
    expect(qrs.latestPending('cli_b')).toBeUndefined();
    const code = qrs.scan(qr, 'u1');
    expect(qrs.status(qr)).toBe('scanned');
    expect(qrs.consumeTmpCode(code, 'cli_b', 'feishu')).toEqual({ ok: false, reason: 'other_app' });
    expect(qrs.consumeTmpCode(code, 'cli_a', 'lark')).toEqual({ ok: false, reason: 'other_app' });
    expect(qrs.consumeTmpCode(code, 'cli_a', 'feishu')).toMatchObject({ ok: true, userKey: 'u1' });
    expect(qrs.consumeTmpCode(code, 'cli_a', 'feishu')).toEqual({ ok: false, reason: 'used' });

    const late = qrs.create('feishu', 'cli_a');
    clock.advance(3 * 60_000);
    expect(qrs.status(late)).toBe('expired');
    expect(qrs.latestPending()).toBeUndefined();
  });

  it('expires tmp_codes after 5 minutes', () => {
    const clock = new FrozenClock();
    const qrs = new QrStore(clock);
    const code = qrs.scan(qrs.create('lark', 'cli_a'), 'u1');
    clock.advance(5 * 60_000);
    expect(qrs.consumeTmpCode(code, 'cli_a', 'lark')).toEqual({ ok: false, reason: 'expired' });
  });
});

describe('BrowserSessionStore', () => {
  it('finds a session by its brand cookie only', () => {
    const sessions = new BrowserSessionStore(new FrozenClock());
    const { session, cookie } = sessions.create('feishu', 'u1');
    expect(cookie).toMatch(/^sbx_feishu_session=[^;]+; Path=\/; HttpOnly; SameSite=Lax/);
    const header = `other=1; ${cookie.split(';')[0]}`;
    expect(sessions.fromCookieHeader('feishu', header)?.userKey).toBe('u1');
    expect(sessions.fromCookieHeader('lark', header)).toBeUndefined();
    sessions.end(session.id);
    expect(sessions.fromCookieHeader('feishu', header)).toBeUndefined();
  });

  it('parses cookie headers', () => {
    expect(readCookie('a=1; b = 2 ;c=3', 'b')).toBe('2');
    expect(readCookie('a=1', 'b')).toBeUndefined();
    expect(readCookie(undefined, 'a')).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { TokenStore } from '../../../sandbox/openapi/token-store.ts';
import { buildTestOrg, makeApp } from './openapi-test-world.ts';

const MIN = 60_000;

describe('token store', () => {
  it('returns the same token until under 30 minutes remain, then a new one; both stay valid', () => {
    const { store } = buildTestOrg();
    const app = makeApp(store, 'cli_t', []);
    let now = 1_700_000_000_000;
    const tokens = new TokenStore(() => now);
    const first = tokens.issue(app, 'feishu');
    expect(first.token).toMatch(/^t-[A-Za-z0-9]+$/);
    expect(first.expire).toBe(7200);
    now += 60 * MIN;
    const same = tokens.issue(app, 'feishu');
    expect(same).toEqual({ token: first.token, expire: 3600 });
    now += 30 * MIN + 1000; // 29:59 left
    const renewed = tokens.issue(app, 'feishu');
    expect(renewed.token).not.toBe(first.token);
    expect(renewed.expire).toBe(7200);
    expect(tokens.resolve(first.token)?.appId).toBe('cli_t');
    now += 30 * MIN;
    expect(tokens.resolve(first.token)).toBeUndefined();
    expect(tokens.resolve(renewed.token)?.brand).toBe('feishu');
  });

  it('keeps brands apart and forgets an app on revoke', () => {
    const { store } = buildTestOrg();
    const app = makeApp(store, 'cli_t', []);
    const tokens = new TokenStore(() => 0);
    const feishu = tokens.issue(app, 'feishu').token;
    const lark = tokens.issue(app, 'lark').token;
    expect(feishu).not.toBe(lark);
    tokens.revokeApp('cli_t');
    expect(tokens.resolve(feishu)).toBeUndefined();
    expect(tokens.resolve(lark)).toBeUndefined();
  });
});

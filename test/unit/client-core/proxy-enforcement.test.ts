// What the client core hands its local proxy: the person's list while signed in, null (deny
// every private destination) otherwise, with the destination map kept; a change applied once;
// the map's version announced (the system proxy is re-applied then); names of applications no
// longer allowed remembered for the denied page; the list withdrawn when the cache stops
// vouching for it; a port that cannot be taken shown as failed.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ProxyEnforcement, type EnforcementInput } from '../../../main/core/proxy-enforcement.ts';
import { ProxyError } from '../../../main/core/proxy/proxy-errors.ts';
import type { LocalProxy } from '../../../main/core/proxy/local-proxy.ts';
import type {
  DestinationMap,
  Entitlements,
} from '../../../shared/domain/policy/entitlement-schemas.ts';

const map = (version: string): DestinationMap => ({
  version,
  applications: [
    {
      id: 'app-a',
      enabled: true,
      addresses: [{ host: 'a.corp.test', ports: '*', protocol: 'any' }],
    },
    {
      id: 'app-b',
      enabled: true,
      addresses: [{ host: 'b.corp.test', ports: '*', protocol: 'any' }],
    },
  ],
});

const doc = (version: string, apps: [id: string, name: string][]): Entitlements => ({
  version,
  policy_set_version: 'p1',
  user_id: 'u1',
  computed_at: 0,
  valid_until: null,
  applications: apps.map(([id, name]) => ({
    id,
    name,
    description: '',
    tags: [],
    addresses: [],
    decided_by: { policy_id: 'pol', policy_name: 'Team', priority: 1 },
  })),
  denied: [],
});

function fakeProxy(options: { failStart?: boolean } = {}) {
  const calls: { map: string; entitlements: string | null }[] = [];
  let names: ReadonlyMap<string, string> = new Map();
  const proxy = {
    port: 0,
    get pacUrl() {
      return `http://127.0.0.1:${proxy.port}/proxy.pac`;
    },
    async start() {
      if (options.failStart)
        throw new ProxyError('PROXY_LISTEN_FAILED', { params: { port: 9, reason: 'EADDRINUSE' } });
      proxy.port = 40123;
      return proxy.port;
    },
    setEntitlements(m: DestinationMap, e: Entitlements | null) {
      calls.push({ map: m.version, entitlements: e?.version ?? null });
      return { closed: 0 };
    },
    setApplicationNames(n: ReadonlyMap<string, string>) {
      names = new Map(n);
    },
    recentDecisions: () => [],
    onDecision: () => () => {},
    close: async () => {},
  };
  return { proxy: proxy as unknown as LocalProxy, calls, names: () => names };
}

describe('proxy enforcement', () => {
  afterEach(() => vi.useRealTimers());

  it('denies everything until signed in, then enforces the list, applying each change once', async () => {
    const input: EnforcementInput = {
      signedIn: false,
      entitlements: undefined,
      expiresAt: undefined,
      map: undefined,
    };
    const fake = fakeProxy();
    const e = new ProxyEnforcement({ proxy: fake.proxy, input: () => input, now: Date.now });
    const mapChanges: string[] = [];
    e.on('map-changed', (v) => mapChanges.push(v));
    await e.start();
    expect(e.view()).toMatchObject({ status: 'running', port: 40123, mode: 'deny_all' });
    expect(fake.calls).toEqual([{ map: 'empty', entitlements: null }]);

    Object.assign(input, {
      signedIn: true,
      entitlements: doc('e1', [['app-a', 'Wiki']]),
      map: map('m1'),
    });
    e.sync();
    e.sync();
    expect(fake.calls.at(-1)).toEqual({ map: 'm1', entitlements: 'e1' });
    expect(fake.calls).toHaveLength(2);
    expect(e.view().mode).toBe('entitlements');
    expect(mapChanges).toEqual(['empty', 'm1']);

    // Moved: app A is no longer allowed, but its name is still known for the denied page.
    input.entitlements = doc('e2', [['app-b', 'Board']]);
    e.sync();
    expect(fake.calls.at(-1)).toEqual({ map: 'm1', entitlements: 'e2' });
    expect([...fake.names().entries()]).toEqual([
      ['app-a', 'Wiki'],
      ['app-b', 'Board'],
    ]);
    expect(mapChanges).toEqual(['empty', 'm1']);

    // Signed out (or revoked): the map stays, the list goes.
    Object.assign(input, { signedIn: false });
    e.sync();
    expect(fake.calls.at(-1)).toEqual({ map: 'm1', entitlements: null });
    expect(e.view().mode).toBe('deny_all');

    // A new map is announced (browsers cache PAC files).
    input.map = map('m2');
    e.sync();
    expect(mapChanges).toEqual(['empty', 'm1', 'm2']);
    e.forgetNames();
    expect(fake.names().size).toBe(0);
    await e.close();
    expect(e.view().status).toBe('stopped');
  });

  it('withdraws the list when the cache stops vouching for it (offline past its age)', async () => {
    vi.useFakeTimers();
    let now = 1_000;
    const input = (): EnforcementInput => ({
      signedIn: true,
      entitlements: now < 61_000 ? doc('e1', [['app-a', 'Wiki']]) : undefined,
      expiresAt: 61_000,
      map: map('m1'),
    });
    const fake = fakeProxy();
    const e = new ProxyEnforcement({ proxy: fake.proxy, input, now: () => now });
    await e.start();
    expect(fake.calls.at(-1)).toEqual({ map: 'm1', entitlements: 'e1' });
    now = 61_000;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(fake.calls.at(-1)).toEqual({ map: 'm1', entitlements: null });
    expect(e.view().mode).toBe('deny_all');
    await e.close();
  });

  it('shows a port it cannot take as failed, with the code, and still denies by default', async () => {
    const fake = fakeProxy({ failStart: true });
    const e = new ProxyEnforcement({
      proxy: fake.proxy,
      input: () => ({
        signedIn: false,
        entitlements: undefined,
        expiresAt: undefined,
        map: undefined,
      }),
      now: Date.now,
    });
    await e.start();
    const view = e.view();
    expect(view.status).toBe('failed');
    expect(view.port).toBeUndefined();
    expect(view.error?.code).toBe('PROXY_LISTEN_FAILED');
  });
});

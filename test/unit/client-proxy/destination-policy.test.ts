// The proxy's decision step: literals need no DNS, names are resolved once and an unlisted one is
// checked by its address, a change of documents while DNS answers is honoured, failures and slow
// resolvers are bounded.
import { describe, expect, it } from 'vitest';
import { DestinationPolicy, type Resolver } from '../../../main/core/proxy/destination-policy.ts';
import { buildWorld, documentsFor, NOW } from '../../integration/client-proxy/support/world.ts';

const world = buildWorld({ appA: 8001, appB: 8002, echoA: 9001, echoB: 9002 });

function policyWith(resolve: Resolver, timeoutMs = 1000): DestinationPolicy {
  const p = new DestinationPolicy({ now: () => NOW, resolve, resolveTimeoutMs: timeoutMs });
  const { map, entitlements } = documentsFor(world, 'dept-a');
  p.set(map, entitlements);
  return p;
}

describe('DestinationPolicy', () => {
  it('decides literals without DNS and connects to the canonical address', async () => {
    const asked: string[] = [];
    const p = policyWith(async (n) => (asked.push(n), ['10.9.9.9']));
    expect(await p.decide('127.0.0.1', 9001, 'any')).toMatchObject({
      kind: 'decided',
      enforcement: { kind: 'allow', appId: 'app-a' },
      address: '127.0.0.1',
    });
    expect(await p.decide('0x7f000001', 9002, 'any')).toMatchObject({
      enforcement: { kind: 'deny', reason: 'matched_deny', appId: 'app-b' },
    });
    expect(asked).toEqual([]);
  });

  it('does not resolve a name that is denied by itself', async () => {
    const asked: string[] = [];
    const p = policyWith(async (n) => (asked.push(n), ['127.0.0.1']));
    const v = await p.decide('x.b.corp.test', 443, 'any');
    expect(v).toMatchObject({ enforcement: { kind: 'deny' } });
    expect(v).not.toHaveProperty('address');
    expect(asked).toEqual([]);
  });

  it('checks an unlisted name by the address it resolves to, and connects there', async () => {
    const p = policyWith(async () => ['127.0.0.1']);
    expect(await p.decide('Other.Example.', 9002, 'any')).toMatchObject({
      enforcement: { kind: 'deny', appId: 'app-b' },
      decidedByAddress: '127.0.0.1',
    });
    expect(await p.decide('other.example', 9001, 'any')).toMatchObject({
      enforcement: { kind: 'allow', appId: 'app-a' },
      decidedByAddress: '127.0.0.1',
      address: '127.0.0.1',
    });
    expect(await p.decide('other.example', 7777, 'any')).toMatchObject({
      enforcement: { kind: 'direct' },
      address: '127.0.0.1',
    });
  });

  it('uses the documents current when DNS answers, not those of when it asked', async () => {
    let answer: (a: string[]) => void = () => {};
    const p = policyWith(() => new Promise((r) => (answer = r)));
    const pending = p.decide('a.corp.test', 80, 'http');
    await Promise.resolve();
    const moved = documentsFor(world, 'dept-b');
    p.set(moved.map, moved.entitlements);
    answer(['127.0.0.1']);
    expect(await pending).toMatchObject({ enforcement: { kind: 'deny', reason: 'default_deny' } });
    // Signed out while resolving an allowed name: denied too.
    const again = p.decide('www.b.corp.test', 80, 'http');
    await Promise.resolve();
    p.set(moved.map, null);
    answer(['127.0.0.1']);
    expect(await again).toMatchObject({ enforcement: { kind: 'deny', reason: 'signed_out' } });
  });

  it('reports names that do not resolve, or not in time', async () => {
    const failing = policyWith(async () => {
      throw new Error('getaddrinfo ENOTFOUND');
    });
    expect(await failing.decide('nx.example', 80, 'http')).toEqual({
      kind: 'unresolved',
      error: 'getaddrinfo ENOTFOUND',
    });
    expect(await policyWith(async () => []).decide('nx.example', 80, 'http')).toEqual({
      kind: 'unresolved',
      error: 'no address',
    });
    const slow = policyWith(() => new Promise(() => {}), 50);
    expect(await slow.decide('slow.example', 80, 'http')).toEqual({
      kind: 'unresolved',
      error: 'name resolution timed out',
    });
  });

  it('knows application names from the entitlements and from the client core', () => {
    const p = policyWith(async () => []);
    expect(p.appName('app-a')).toBe('App A');
    expect(p.appName('app-b')).toBeUndefined();
    p.setApplicationNames(new Map([['app-b', 'App B']]));
    expect(p.appName('app-b')).toBe('App B');
    expect(p.appName(undefined)).toBeUndefined();
  });
});

// Offline entitlements: kept across a restart for the same owner only, usable until the
// document's valid_until or the maximum age, "cached" when not fresh, empty once expired.
import { describe, expect, it } from 'vitest';
import { EntitlementsCache } from '../../../main/core/entitlements-cache.ts';
import { MemoryKeyValueStore } from '../../../main/core/settings.ts';
import type { Entitlements } from '../../../shared/domain/policy/entitlement-schemas.ts';

const doc = (validUntil: number | null): Entitlements => ({
  version: 'v1',
  policy_set_version: 'p1',
  user_id: 'u1',
  computed_at: 0,
  valid_until: validUntil,
  applications: [
    {
      id: 'wiki',
      name: 'Wiki',
      description: 'Team wiki',
      portal_url: 'https://wiki.example',
      tags: ['docs'],
      addresses: [],
      decided_by: { policy_id: 'p', policy_name: 'All staff', priority: 1 },
    },
  ],
  denied: [],
});

describe('entitlements cache', () => {
  it('is fresh when fetched, cached after a restart or going offline, expired after valid_until', () => {
    let now = 1_000;
    const store = new MemoryKeyValueStore();
    const a = new EntitlementsCache(store, () => now, 60_000);
    expect(a.view().status).toBe('none');
    a.put('cp acme', doc(30_000));
    expect(a.view()).toMatchObject({ status: 'fresh', expiresAt: 30_000 });
    a.markStale();
    expect(a.view().status).toBe('cached');

    const b = new EntitlementsCache(store, () => now, 60_000);
    b.load('cp acme');
    expect(b.view().status).toBe('cached');
    expect(b.view().document?.applications[0]?.name).toBe('Wiki');
    now = 30_000;
    expect(b.view()).toMatchObject({ status: 'expired', document: undefined });
  });

  it('falls back to the maximum age without valid_until, and never shows another owner’s list', () => {
    let now = 0;
    const store = new MemoryKeyValueStore();
    const a = new EntitlementsCache(store, () => now, 10_000);
    a.put('cp acme', doc(null));
    const other = new EntitlementsCache(store, () => now, 10_000);
    other.load('cp other');
    expect(other.view().status).toBe('none');
    now = 9_999;
    expect(a.view().status).toBe('fresh');
    now = 10_000;
    expect(a.view().status).toBe('expired');
  });

  it('clear forgets the stored copy; unavailable is an empty list, not an error', () => {
    const store = new MemoryKeyValueStore();
    const a = new EntitlementsCache(store, () => 0);
    a.put('o', doc(null));
    a.clear();
    expect(store.get('cache.entitlements')).toBeUndefined();
    a.markUnavailable();
    expect(a.view()).toMatchObject({ status: 'unavailable', document: undefined });
  });

  it('keeps the destination map past sign-out and a restart, for its owner only', () => {
    const store = new MemoryKeyValueStore();
    const map = {
      version: 'm1',
      applications: [
        {
          id: 'wiki',
          enabled: true,
          addresses: [{ host: 'wiki.example', ports: '*', protocol: 'any' as const }],
        },
      ],
    };
    const a = new EntitlementsCache(store, () => 0);
    a.put('cp acme', doc(null), map);
    a.clear();
    // Signed out: the list is gone, the map stays (the proxy must still deny its addresses).
    expect(a.view().document).toBeUndefined();
    expect(a.destinationMap()?.version).toBe('m1');
    const restarted = new EntitlementsCache(store, () => 0);
    restarted.load('cp acme');
    expect(restarted.destinationMap()?.applications[0]?.id).toBe('wiki');
    const other = new EntitlementsCache(store, () => 0);
    other.load('cp other');
    expect(other.destinationMap()).toBeUndefined();
    restarted.forgetDestinationMap();
    expect(store.get('cache.destination-map')).toBeUndefined();
    expect(restarted.destinationMap()).toBeUndefined();
  });
});

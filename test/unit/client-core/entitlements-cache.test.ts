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
});

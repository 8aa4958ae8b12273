// member_count / primary_member_count of every department (sub-departments included), computed
// once per tenant and dropped when that tenant's org changes. A 5k-department tenant would
// otherwise walk its subtree for every department on every children page.
import { ROOT, type OrgStore } from './org-store.ts';

export interface MemberCounts {
  members: number;
  primaryMembers: number;
}

interface StoreCounts {
  /** Per tenant: the counts and the store sizes they were built at (silent inserts emit no change). */
  byTenant: Map<string, { sizes: string; counts: Map<string, MemberCounts> }>;
}

const perStore = new WeakMap<OrgStore, StoreCounts>();

function countsFor(store: OrgStore): StoreCounts {
  let entry = perStore.get(store);
  if (!entry) {
    const created: StoreCounts = { byTenant: new Map() };
    store.onChange((change) => created.byTenant.delete(change.tenantKey));
    perStore.set(store, created);
    entry = created;
  }
  return entry;
}

function compute(store: OrgStore, tenantKey: string): Map<string, MemberCounts> {
  const out = new Map<string, MemberCounts>();
  const bump = (key: string, primary: boolean) => {
    let c = out.get(key);
    if (!c) out.set(key, (c = { members: 0, primaryMembers: 0 }));
    c.members += 1;
    if (primary) c.primaryMembers += 1;
  };
  for (const user of store.users.values()) {
    if (user.tenantKey !== tenantKey || user.deleted || user.status.is_resigned) continue;
    const primaryKey =
      user.orders.find((o) => o.isPrimary)?.departmentKey ?? user.departmentKeys[0] ?? ROOT;
    const seen = new Set<string>();
    for (const d of user.departmentKeys) {
      if (d === ROOT) continue;
      for (const k of store.ancestorsOf(d)) seen.add(k);
    }
    const primaryChain = new Set(primaryKey === ROOT ? [] : store.ancestorsOf(primaryKey));
    for (const k of seen) bump(k, primaryChain.has(k));
  }
  return out;
}

export function memberCounts(
  store: OrgStore,
  tenantKey: string,
  departmentKey: string,
): MemberCounts {
  const counts = countsFor(store);
  const sizes = `${store.users.size}:${store.departments.size}`;
  let tenant = counts.byTenant.get(tenantKey);
  if (!tenant || tenant.sizes !== sizes) {
    tenant = { sizes, counts: compute(store, tenantKey) };
    counts.byTenant.set(tenantKey, tenant);
  }
  return tenant.counts.get(departmentKey) ?? { members: 0, primaryMembers: 0 };
}

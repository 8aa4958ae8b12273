// Sorted, indexed listings for the contact API (children, all descendants, direct members),
// built once per tenant and parent and dropped when the tenant's org changes. Benchmarks page a
// 100k-user / 5k-department tenant at thousands of requests per second; with these, a page is a
// slice, not a sort of the whole department.
import type { OrgStore } from '../org/org-store.ts';
import type { SandboxDepartment, SandboxUser } from '../org/types.ts';
import { indexList, type IndexedList } from './pagination.ts';

interface TenantListings {
  /** Store sizes when built: silent (event-less) inserts change them and drop the entry. */
  sizes: string;
  children: Map<string, IndexedList<SandboxDepartment>>;
  descendants: Map<string, IndexedList<SandboxDepartment>>;
  members: Map<string, IndexedList<SandboxUser>>;
  lookup?: UserLookup;
}

/** Users by normalized email and mobile, for users/batch_get_id. */
export interface UserLookup {
  byEmail: Map<string, SandboxUser[]>;
  byMobile: Map<string, SandboxUser[]>;
}

interface StoreListings {
  byTenant: Map<string, TenantListings>;
}

const perStore = new WeakMap<OrgStore, StoreListings>();

function tenantListings(store: OrgStore, tenantKey: string): TenantListings {
  let entry = perStore.get(store);
  if (!entry) {
    const created: StoreListings = { byTenant: new Map() };
    store.onChange((change) => created.byTenant.delete(change.tenantKey));
    perStore.set(store, created);
    entry = created;
  }
  const sizes = `${store.users.size}:${store.departments.size}`;
  let t = entry.byTenant.get(tenantKey);
  if (!t || t.sizes !== sizes) {
    t = { sizes, children: new Map(), descendants: new Map(), members: new Map() };
    entry.byTenant.set(tenantKey, t);
  }
  return t;
}

const byKey = (x: { key: string }) => x.key;

function cached<T>(map: Map<string, IndexedList<T>>, key: string, build: () => T[]) {
  let hit = map.get(key);
  if (!hit) {
    hit = indexList(build(), byKey as (x: T) => string);
    map.set(key, hit);
  }
  return hit;
}

/** Live child departments ("0" = root), in platform order; all descendants with `recursive`. */
export function childListing(
  store: OrgStore,
  tenantKey: string,
  parentKey: string,
  recursive: boolean,
): IndexedList<SandboxDepartment> {
  const t = tenantListings(store, tenantKey);
  return recursive
    ? cached(t.descendants, parentKey, () => store.descendantsOf(tenantKey, parentKey))
    : cached(t.children, parentKey, () => store.childrenOf(tenantKey, parentKey));
}

/** Direct, non-resigned members of a department ("0" = root), in platform order. */
export function memberListing(
  store: OrgStore,
  tenantKey: string,
  departmentKey: string,
): IndexedList<SandboxUser> {
  const t = tenantListings(store, tenantKey);
  return cached(t.members, departmentKey, () => store.membersOf(tenantKey, departmentKey));
}

export const normalizeEmail = (email: string) => email.trim().toLowerCase();
/** Mainland numbers are accepted with or without +86, as on the platform. */
export const normalizeMobile = (mobile: string) =>
  mobile.replace(/[\s-]/g, '').replace(/^\+86(?=1\d{10}$)/, '');

export function userLookup(store: OrgStore, tenantKey: string): UserLookup {
  const t = tenantListings(store, tenantKey);
  if (t.lookup) return t.lookup;
  const lookup: UserLookup = { byEmail: new Map(), byMobile: new Map() };
  const put = (map: Map<string, SandboxUser[]>, k: string, u: SandboxUser) => {
    if (!k) return;
    const list = map.get(k);
    if (list) list.push(u);
    else map.set(k, [u]);
  };
  for (const u of store.users.values()) {
    if (u.tenantKey !== tenantKey) continue;
    put(lookup.byEmail, normalizeEmail(u.email), u);
    if (u.enterpriseEmail && u.enterpriseEmail !== u.email) {
      put(lookup.byEmail, normalizeEmail(u.enterpriseEmail), u);
    }
    put(lookup.byMobile, normalizeMobile(u.mobile), u);
  }
  t.lookup = lookup;
  return lookup;
}

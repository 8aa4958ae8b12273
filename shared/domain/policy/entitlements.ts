// A user's entitlements: every enabled application a policy allows them, with its addresses and
// the policy that decided, plus the applications an explicit deny refuses them. Computed in one
// pass over the ranks that take the user in (lowest first), each one settling the applications
// it covers that no earlier rank settled: first match wins, as in a single decision.
import { conditionsHold, type Decider } from './decide.ts';
import type { PolicyTables } from './compile.ts';
import type { EntitledApplication, Entitlements, ExplicitDeny } from './entitlement-schemas.ts';
import { attributeValues } from './attributes.ts';
import { Fnv64 } from './hash.ts';
import { nextWindowEdge } from './time-window.ts';
import type { DecisionContext, PolicyUser } from './types.ts';

/** What the result depends on of the user, as the rules read it (1 and "1" hash the same). */
function hashUser(hash: Fnv64, user: PolicyUser): void {
  hash.field(user.id);
  const ids = user.departmentIds;
  const departments = ids.length < 2 ? ids : [...new Set(ids)].sort();
  hash.int(departments.length);
  for (const d of departments) hash.field(d);
  const attrs = user.attributes;
  const keys = attrs ? Object.keys(attrs).sort() : [];
  hash.int(keys.length);
  for (const k of keys) {
    const values = attributeValues(attrs, k);
    hash.field(k).int(values.length);
    for (const v of values) hash.field(v);
  }
}

/** A shared document entry and the fingerprint it adds to a version. */
interface CachedEntry {
  allow: boolean;
  entry: EntitledApplication | ExplicitDeny;
  hi: number;
  lo: number;
}

/**
 * The entry for (application, deciding policy) is the same for every user it applies to, so it
 * is built once per compiled set and shared (frozen) by every document that lists it, with a
 * 64-bit fingerprint of the pair that versions combine by xor (each application appears once).
 */
function cachedEntry(t: PolicyTables, a: number, r: number): CachedEntry {
  const row = (t.entryCache[r] ??= new Array<unknown>(t.apps.length));
  const hit = row[a];
  if (hit) return hit as CachedEntry;
  const app = t.apps[a]!;
  const compiled = t.policies[r]!;
  const p = compiled.policy;
  let entry: EntitledApplication | ExplicitDeny;
  if (compiled.allow) {
    const e: EntitledApplication = {
      id: app.id,
      name: app.name,
      description: app.description,
      tags: app.tags,
      addresses: app.addresses,
      decided_by: Object.freeze({ policy_id: p.id, policy_name: p.name, priority: p.priority }),
    };
    if (app.icon !== undefined) e.icon = app.icon;
    if (app.portal_url !== undefined) e.portal_url = app.portal_url;
    entry = Object.freeze(e);
  } else {
    entry = Object.freeze({ app_id: app.id, policy_id: p.id, policy_name: p.name });
  }
  const fp = new Fnv64().field(app.id).field(p.id);
  const cached: CachedEntry = { allow: compiled.allow, entry, hi: fp.high, lo: fp.low };
  row[a] = cached;
  return cached;
}

export function computeEntitlements(
  t: PolicyTables,
  decider: Decider,
  user: PolicyUser,
  ctx: DecisionContext,
): Entitlements {
  const reach = decider.reach(user);
  const settled = decider.scratch(t.apps.length);
  let open = t.apps.length;
  let validUntil = Infinity;
  outer: for (let w = 0; w < reach.length && open > 0; w++) {
    let bits = reach[w]!;
    while (bits !== 0) {
      const low = bits & -bits;
      bits ^= low;
      const p = t.policies[w * 32 + 31 - Math.clz32(low)]!;
      if (p.attributes !== undefined && !p.attributes(user.attributes)) continue;
      // A window that opens or closes may change the result; the earliest such edge bounds it.
      if (p.windows !== undefined) {
        for (let i = 0; i < p.windows.length; i++) {
          const edge = nextWindowEdge(p.windows[i]!, ctx.time);
          if (edge !== undefined && edge < validUntil) validUntil = edge;
        }
      }
      if (!conditionsHold(p, ctx)) continue;
      const apps = p.apps;
      for (let i = 0; i < apps.length; i++) {
        const a = apps[i]!;
        if (settled[a] === -1) {
          settled[a] = p.rank;
          open--;
        }
      }
      if (open === 0) break outer;
    }
  }

  const applications: EntitledApplication[] = [];
  const denied: ExplicitDeny[] = [];
  let hi = 0;
  let lo = 0;
  const enabled = t.appEnabled;
  for (let a = 0; a < settled.length; a++) {
    const r = settled[a]!;
    if (r === -1 || enabled[a] === 0) continue;
    const c = cachedEntry(t, a, r);
    hi ^= c.hi;
    lo ^= c.lo;
    if (c.allow) applications.push(c.entry as EntitledApplication);
    else denied.push(c.entry as ExplicitDeny);
  }
  const hash = new Fnv64().field(t.version);
  hashUser(hash, user);
  hash
    .int(hi >>> 0)
    .int(lo >>> 0)
    .int(applications.length);
  const valid_until = validUntil === Infinity ? null : validUntil;
  hash.field(String(valid_until));
  return {
    version: `e-${hash.hex()}`,
    policy_set_version: t.version,
    user_id: user.id,
    computed_at: ctx.time,
    valid_until,
    applications,
    denied,
  };
}

// The compiled policy set of each tenant, kept in memory and rebuilt when its stamp (policy
// revision, directory versions, time zone) moves. Every read checks the stamp with one small
// query, so a change made through another replica is seen on the next request; concurrent
// readers of a stale tenant share one rebuild.
import type { Kysely } from 'kysely';
import { AppError } from '../../shared/domain/errors/index.ts';
import {
  compilePolicies,
  type Application,
  type CompiledPolicies,
  type Policy,
} from '../../shared/domain/policy/index.ts';
import type { Database } from '../storage/schema.ts';
import { loadDepartmentTree, policyStamp } from './directory-reader.ts';
import { listApplications, listPolicies } from './policy-store.ts';

export interface TenantPolicySet {
  tenantId: string;
  key: string;
  timeZone: string;
  compiled: CompiledPolicies;
  applications: readonly Application[];
  policies: readonly Policy[];
}

export interface CompileCache {
  /** The tenant's current compiled set (rebuilt first if the stamp moved). */
  current(tenantId: string): Promise<TenantPolicySet>;
  /** What is cached now, current or not (the "before" of a change). */
  peek(tenantId: string): TenantPolicySet | undefined;
  /** Compiles from the database without touching the cache (what-if, validation). */
  build(tenantId: string): Promise<TenantPolicySet>;
  forget(tenantId: string): void;
}

export function createCompileCache(deps: { db: Kysely<Database> }): CompileCache {
  const { db } = deps;
  const cache = new Map<string, TenantPolicySet>();
  const building = new Map<string, Promise<TenantPolicySet>>();

  async function build(tenantId: string): Promise<TenantPolicySet> {
    // The stamp is read first: data read after it is at least as new, so a set stored under
    // this key is never older than the key says (at worst one extra rebuild).
    const stamp = await policyStamp(db, tenantId);
    if (!stamp) throw new AppError('TENANT_NOT_FOUND');
    const [departments, applications, policies] = await Promise.all([
      loadDepartmentTree(db, tenantId),
      listApplications(db, tenantId),
      listPolicies(db, tenantId),
    ]);
    const compiled = compilePolicies({
      time_zone: stamp.timeZone,
      departments,
      applications,
      policies,
    });
    return { tenantId, key: stamp.key, timeZone: stamp.timeZone, compiled, applications, policies };
  }

  return {
    async current(tenantId) {
      const stamp = await policyStamp(db, tenantId);
      if (!stamp) throw new AppError('TENANT_NOT_FOUND');
      const hit = cache.get(tenantId);
      if (hit && hit.key === stamp.key) return hit;
      const flight = `${tenantId}\n${stamp.key}`;
      let pending = building.get(flight);
      if (!pending) {
        pending = build(tenantId).finally(() => building.delete(flight));
        building.set(flight, pending);
      }
      const set = await pending;
      // Two rebuilds finishing out of order may store the older one: its key then no longer
      // matches and the next read rebuilds.
      cache.set(tenantId, set);
      return set;
    },
    peek: (tenantId) => cache.get(tenantId),
    build,
    forget: (tenantId) => void cache.delete(tenantId),
  };
}

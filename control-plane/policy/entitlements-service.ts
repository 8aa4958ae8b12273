// A user's entitlements and the tenant's destination map, computed from the tenant's cached
// compiled set and the user's departments and attributes read live from the directory (so a
// client that hears "entitlements-changed" and asks again always gets the new answer).
//
// Telling clients: after a policy or application change (refreshTenant) and after a directory
// change (the DirectorySignals listener), every user with a live session whose entitlements or
// the destination map came out different is announced (entitlement version bumped, pushed on
// their streams). The user a directory signal names is left to the sessions module, which
// already bumps and announces on that same signal.
import type { Kysely } from 'kysely';
import type {
  CompiledPolicies,
  DestinationMap,
  Entitlements,
  Platform,
  PolicyUser,
} from '../../shared/domain/policy/index.ts';
import type { Clock } from '../clock.ts';
import type { DirectorySignalListener } from '../directory/signals.ts';
import type { Database } from '../storage/schema.ts';
import type { CompileCache, TenantPolicySet } from './compile-cache.ts';
import { loadLiveSessionUsers, loadPolicyUser } from './directory-reader.ts';

/** Bumps the users' entitlement versions and pushes entitlements-changed to their sessions. */
export type AnnounceEntitlements = (
  tenantId: string,
  userIds: readonly string[],
) => Promise<unknown>;

export interface EntitlementsLogger {
  warn(details: Record<string, unknown>, message: string): void;
}

export interface UserEntitlements {
  entitlements: Entitlements;
  destinations: DestinationMap;
}

export interface RefreshOutcome {
  /** Users announced (their entitlements or the destination map changed). */
  announced: string[];
}

/** What of a user's entitlements a client acts on (not the version or the computed time). */
const resultOf = (e: Entitlements): string =>
  JSON.stringify([e.applications, e.denied, e.valid_until === null]);

export function createEntitlementsService(deps: {
  db: Kysely<Database>;
  clock: Clock;
  cache: CompileCache;
  announce: AnnounceEntitlements;
  logger?: EntitlementsLogger;
}) {
  const { db, clock, cache, announce } = deps;
  const queues = new Map<string, Promise<unknown>>();

  /** Runs refreshes of one tenant one after another (a diff must see the previous result). */
  function serialized<T>(tenantId: string, job: () => Promise<T>): Promise<T> {
    const prev = queues.get(tenantId) ?? Promise.resolve();
    const next = prev.then(job, job);
    const tail = next.catch(() => undefined);
    queues.set(tenantId, tail);
    void tail.then(() => {
      if (queues.get(tenantId) === tail) queues.delete(tenantId);
    });
    return next;
  }

  const compute = (
    compiled: CompiledPolicies,
    user: PolicyUser,
    platform: Platform | undefined,
  ): Entitlements =>
    compiled.entitlementsFor(user, {
      time: clock.now().getTime(),
      ...(platform ? { platform } : {}),
    });

  /**
   * The set each tenant's clients were last told about. Lazy rebuilds (a request that finds
   * the stamp moved) do not change it, so a refresh diffs against what clients have, however
   * the cache moved in between.
   */
  const announcedSets = new Map<string, TenantPolicySet>();

  async function refresh(
    tenantId: string,
    options: { exceptUserId?: string; announceWhenUnknown: boolean },
  ): Promise<RefreshOutcome> {
    const before = announcedSets.get(tenantId);
    const after = await cache.current(tenantId);
    announcedSets.set(tenantId, after);
    if (before === after || (!before && !options.announceWhenUnknown)) return { announced: [] };
    const people = await loadLiveSessionUsers(db, tenantId, clock.now());
    if (options.exceptUserId) people.delete(options.exceptUserId);
    if (people.size === 0) return { announced: [] };
    const mapChanged =
      !before ||
      before.compiled.destinationMap().version !== after.compiled.destinationMap().version;
    // Users gone or disabled are left out: the revocation reaches them.
    const changed = [...people.values()]
      .filter(
        (person) =>
          mapChanged ||
          resultOf(compute(before.compiled, person.user, undefined)) !==
            resultOf(compute(after.compiled, person.user, undefined)),
      )
      .map((person) => person.user.id);
    if (changed.length === 0) return { announced: [] };
    try {
      await announce(tenantId, changed);
    } catch (err) {
      // The change is committed; clients still see it on their next fetch or token refresh.
      deps.logger?.warn(
        { tenantId, users: changed.length, err: { message: (err as Error).message } },
        'entitlements announcement failed',
      );
      return { announced: [] };
    }
    return { announced: changed };
  }

  const listener: DirectorySignalListener = {
    async onUserAttributesChanged(userId, context) {
      // Without a known "before" (first signal since start) nobody else can be diffed; the
      // named user is announced by the sessions module either way.
      await serialized(context.tenantId, () =>
        refresh(context.tenantId, { exceptUserId: userId, announceWhenUnknown: false }),
      );
    },
  };

  return {
    /** The user's entitlements and the destination map; undefined for a user not active. */
    async forUser(
      tenantId: string,
      userId: string,
      platform?: Platform,
    ): Promise<UserEntitlements | undefined> {
      const [set, person] = await Promise.all([
        cache.current(tenantId),
        loadPolicyUser(db, tenantId, userId),
      ]);
      if (!person) return undefined;
      return {
        entitlements: compute(set.compiled, person.user, platform),
        destinations: set.compiled.destinationMap(),
      };
    },
    /** After a policy or application change: recompile and tell every affected client. */
    refreshTenant: (tenantId: string) =>
      serialized(tenantId, () => refresh(tenantId, { announceWhenUnknown: true })),
    /** Subscribe this to DirectorySignals. */
    listener,
  };
}

export type EntitlementsService = ReturnType<typeof createEntitlementsService>;

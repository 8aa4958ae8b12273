// A user's entitlements and the tenant's destination map, computed from the tenant's cached
// compiled set and the user's departments and attributes read live from the directory (so a
// client that hears "entitlements-changed" and asks again always gets the new answer).
//
// Telling clients: after a policy or application change (refreshTenant) and after a directory
// change (the DirectorySignals listener), every user with a live session whose entitlements or
// the destination map came out different is announced (entitlement version bumped, pushed on
// their streams). The user a directory signal names is left to the sessions module, which
// already bumps and announces on that same signal. Time windows: at the next instant a window
// concerning a live user opens or closes (valid_until), the users whose result changed across
// it are announced the same way. Results are compared on every platform (and unknown).
import type { Kysely } from 'kysely';
import {
  PLATFORMS,
  type CompiledPolicies,
  type DestinationMap,
  type Entitlements,
  type Platform,
  type PolicyUser,
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
const resultOf = (e: Entitlements): string => JSON.stringify([e.applications, e.denied]);

/** setTimeout's ceiling; a later edge is re-armed when this one fires. */
const MAX_DELAY_MS = 2 ** 31 - 1;

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
    time = clock.now().getTime(),
  ): Entitlements => compiled.entitlementsFor(user, { time, ...(platform ? { platform } : {}) });

  /**
   * A user's result on every platform a client can have, and unknown (a change to a
   * platform-limited policy must reach the Mac users it concerns), and the earliest instant it
   * goes stale.
   */
  function resultAt(compiled: CompiledPolicies, user: PolicyUser, time: number) {
    let text = '';
    let validUntil: number | null = null;
    for (const platform of [...PLATFORMS, undefined]) {
      const e = compute(compiled, user, platform, time);
      text += resultOf(e);
      if (e.valid_until !== null && (validUntil === null || e.valid_until < validUntil))
        validUntil = e.valid_until;
    }
    return { text, validUntil };
  }

  /**
   * Time-window edges: when a window of a policy concerning a live user opens or closes, the
   * users whose result changed across it are announced (as after a policy change), then the
   * next edge is armed. One timer per tenant, at the earliest known edge.
   */
  const edges = new Map<string, { at: number; timer: ReturnType<typeof setTimeout> }>();
  let stopped = false;

  function armEdge(tenantId: string, at: number | null): void {
    if (stopped || at === null) return;
    const current = edges.get(tenantId);
    if (current && current.at <= at) return;
    if (current) clearTimeout(current.timer);
    const delay = Math.min(Math.max(0, at - clock.now().getTime()), MAX_DELAY_MS);
    const timer = setTimeout(() => {
      edges.delete(tenantId);
      if (clock.now().getTime() < at) return armEdge(tenantId, at);
      void serialized(tenantId, () => crossEdge(tenantId, at)).catch((err: Error) =>
        deps.logger?.warn({ tenantId, err: { message: err.message } }, 'time-window edge failed'),
      );
    }, delay);
    timer.unref?.();
    edges.set(tenantId, { at, timer });
  }

  async function crossEdge(tenantId: string, edge: number): Promise<RefreshOutcome> {
    const set = await cache.current(tenantId);
    const people = await loadLiveSessionUsers(db, tenantId, clock.now());
    const now = Math.max(clock.now().getTime(), edge);
    let next: number | null = null;
    const changed: string[] = [];
    for (const person of people.values()) {
      const was = resultAt(set.compiled, person.user, edge - 1);
      const is = resultAt(set.compiled, person.user, now);
      if (was.text !== is.text) changed.push(person.user.id);
      if (is.validUntil !== null && (next === null || is.validUntil < next)) next = is.validUntil;
    }
    armEdge(tenantId, next);
    return tell(tenantId, changed);
  }

  async function tell(tenantId: string, changed: string[]): Promise<RefreshOutcome> {
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
    const time = clock.now().getTime();
    let next: number | null = null;
    const changed: string[] = [];
    for (const person of people.values()) {
      const is = resultAt(after.compiled, person.user, time);
      if (is.validUntil !== null && (next === null || is.validUntil < next)) next = is.validUntil;
      if (mapChanged || resultAt(before.compiled, person.user, time).text !== is.text)
        changed.push(person.user.id);
    }
    armEdge(tenantId, next);
    return tell(tenantId, changed);
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
      const entitlements = compute(set.compiled, person.user, platform);
      armEdge(tenantId, entitlements.valid_until);
      return { entitlements, destinations: set.compiled.destinationMap() };
    },
    /** After a policy or application change: recompile and tell every affected client. */
    refreshTenant: (tenantId: string) =>
      serialized(tenantId, () => refresh(tenantId, { announceWhenUnknown: true })),
    /** Subscribe this to DirectorySignals. */
    listener,
    /** Clears the time-window timers (the app's close). */
    stop(): void {
      stopped = true;
      for (const e of edges.values()) clearTimeout(e.timer);
      edges.clear();
    },
  };
}

export type EntitlementsService = ReturnType<typeof createEntitlementsService>;

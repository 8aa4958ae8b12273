// The hot path. A decision for (user, application) walks the application's candidate ranks in
// order and stops at the first policy whose subjects, attribute rules and conditions hold. Whether
// a rank takes in the user is one bit test per department of the user (the bitsets already hold
// every ancestor's "with sub-departments" policies), so the cost is O(candidates tried x the
// user's departments), with no tree walk, no allocation and no I/O.
import { PLATFORM_BITS, type CompiledPolicy, type PolicyTables } from './compile.ts';
import { inAnyWindow } from './time-window.ts';
import type { Decision, DecisionContext, PolicyUser } from './types.ts';

export const DEFAULT_DENY: Readonly<Decision> = Object.freeze({
  decision: 'deny',
  reason: 'default_deny',
});
export const DISABLED_APP: Readonly<Decision> = Object.freeze({
  decision: 'deny',
  reason: 'disabled_app',
});
export const UNKNOWN_APP: Readonly<Decision> = Object.freeze({
  decision: 'deny',
  reason: 'unknown_app',
});

/**
 * A platform condition holds when the client's platform is listed. When the platform is not
 * known it holds for deny policies and fails for allow policies: an unknown client is never
 * let through by a platform rule, nor let off a platform-limited deny (fail closed).
 */
export function platformHolds(p: CompiledPolicy, ctx: DecisionContext): boolean {
  if (p.platforms === 0) return true;
  const bit = ctx.platform === undefined ? 0 : (PLATFORM_BITS[ctx.platform] ?? 0);
  return bit === 0 ? !p.allow : (p.platforms & bit) !== 0;
}

export function conditionsHold(p: CompiledPolicy, ctx: DecisionContext): boolean {
  if (!platformHolds(p, ctx)) return false;
  return p.windows === undefined || inAnyWindow(p.windows, ctx.time);
}

export class Decider {
  private readonly t: PolicyTables;
  /** Offsets of the current user's department rows in t.departmentBits. */
  private rows = new Int32Array(16);
  private count = 0;
  private settled = new Int32Array(0);

  constructor(tables: PolicyTables) {
    this.t = tables;
  }

  /** Loads the user's department rows; returns the bitset of policies naming them, if any. */
  load(user: PolicyUser): Uint32Array | undefined {
    const { index } = this.t.tree;
    const words = this.t.words;
    const ids = user.departmentIds;
    if (ids.length > this.rows.length) this.rows = new Int32Array(ids.length * 2);
    let n = 0;
    for (let i = 0; i < ids.length; i++) {
      const d = index.get(ids[i]!);
      if (d !== undefined) this.rows[n++] = d * words;
    }
    this.count = n;
    return this.t.userBits.get(user.id);
  }

  /** Whether rank `r` takes in the loaded user (by department, by name or as everyone). */
  takesIn(r: number, named: Uint32Array | undefined): boolean {
    const w = r >>> 5;
    const bit = 1 << (r & 31);
    if ((this.t.everyone[w]! & bit) !== 0) return true;
    if (named !== undefined && (named[w]! & bit) !== 0) return true;
    const bits = this.t.departmentBits;
    const rows = this.rows;
    for (let j = 0; j < this.count; j++) if ((bits[rows[j]! + w]! & bit) !== 0) return true;
    return false;
  }

  decideApp(user: PolicyUser, app: number, ctx: DecisionContext): Readonly<Decision> {
    const t = this.t;
    if (!t.apps[app]!.enabled) return DISABLED_APP;
    const candidates = t.appCandidates[app]!;
    if (candidates.length === 0) return DEFAULT_DENY;
    const named = this.load(user);
    // takesIn() inlined with everything in locals: this loop is the whole cost of a decision.
    const everyone = t.everyone;
    const bits = t.departmentBits;
    const rows = this.rows;
    const count = this.count;
    const policies = t.policies;
    for (let i = 0; i < candidates.length; i++) {
      const r = candidates[i]!;
      const w = r >>> 5;
      const bit = 1 << (r & 31);
      let hit = (everyone[w]! & bit) !== 0 || (named !== undefined && (named[w]! & bit) !== 0);
      for (let j = 0; !hit && j < count; j++) hit = (bits[rows[j]! + w]! & bit) !== 0;
      if (!hit) continue;
      const p = policies[r]!;
      if (p.attributes !== undefined && !p.attributes(user.attributes)) continue;
      if ((p.platforms !== 0 || p.windows !== undefined) && !conditionsHold(p, ctx)) continue;
      return p.decision;
    }
    return DEFAULT_DENY;
  }

  /** A reused array of `length` slots set to -1 (one per application, for entitlements). */
  scratch(length: number): Int32Array {
    if (this.settled.length !== length) this.settled = new Int32Array(length);
    return this.settled.fill(-1);
  }

  /** The union of every rank that takes in the user, as one bitset (for entitlements). */
  reach(user: PolicyUser): Uint32Array {
    const named = this.load(user);
    const words = this.t.words;
    const out = this.t.everyone.slice();
    if (named !== undefined) for (let w = 0; w < words; w++) out[w]! |= named[w]!;
    const bits = this.t.departmentBits;
    for (let j = 0; j < this.count; j++) {
      const row = this.rows[j]!;
      for (let w = 0; w < words; w++) out[w]! |= bits[row + w]!;
    }
    return out;
  }
}

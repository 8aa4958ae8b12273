// Turns a policy set into the tables a decision reads, so that deciding touches no list of
// policies or departments:
// - policies sorted once into ranks (priority, then deny before allow, then id);
// - per department, a bitset of the ranks whose department subjects take in its members
//   (ancestors' "with sub-departments" entries pushed down the tree once, parents first);
// - per named user, a bitset of the ranks naming them; one bitset of ranks open to everyone;
// - per application, the sorted ranks whose resources cover it (ids, tags, all applications);
// - the address index of every application.
import { parseAddress, type ParsedAddress } from './address.ts';
import { AddressIndex, type IndexedAddress } from './address-index.ts';
import { compileAttributeRules, type AttributeCheck } from './attributes.ts';
import { canonicalJson, fnv64 } from './hash.ts';
import { buildDepartmentTree, type DepartmentTree } from './hierarchy.ts';
import {
  policySetSchema,
  type Application,
  type Policy,
  type PolicySet,
  type PolicySetInput,
} from './schemas.ts';
import { compileWindow, ZoneClocks, type CompiledWindow } from './time-window.ts';
import type { CompileWarning, Decision } from './types.ts';

export const PLATFORM_BITS: Readonly<Record<string, number>> = { windows: 1, macos: 2, linux: 4 };

export interface CompiledPolicy {
  rank: number;
  policy: Policy;
  allow: boolean;
  attributes: AttributeCheck | undefined;
  windows: CompiledWindow[] | undefined;
  /** Platform bits the policy is limited to; 0 when it has no platform condition. */
  platforms: number;
  /** Applications the policy covers, ascending. */
  apps: Int32Array;
  /** The answer when this policy matches (shared, frozen: deciding allocates nothing). */
  decision: Readonly<Decision>;
}

export interface PolicyTables {
  version: string;
  destinationVersion: string;
  timeZone: string;
  apps: Application[];
  /** 1 where the application is enabled. */
  appEnabled: Uint8Array;
  appIndex: Map<string, number>;
  addresses: ParsedAddress[][];
  policies: CompiledPolicy[];
  /** Disabled policies and the applications they would cover (for explanations). */
  disabled: { policy: Policy; apps: Int32Array }[];
  /** 32-bit words per bitset. */
  words: number;
  tree: DepartmentTree;
  /** words per department, in tree index order. */
  departmentBits: Uint32Array;
  everyone: Uint32Array;
  userBits: Map<string, Uint32Array>;
  appCandidates: Int32Array[];
  addressIndex: AddressIndex;
  warnings: CompileWarning[];
  /** Entitlement entries by [policy rank][application], built on first use and shared. */
  entryCache: unknown[][];
}

export class PolicySetError extends Error {
  readonly code = 'POLICY_SET_INVALID';
  readonly issues: { path: string; message: string }[];
  constructor(issues: { path: string; message: string }[]) {
    super(`invalid policy set: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
    this.issues = issues;
  }
}

const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Evaluation order: priority, then deny before allow, then id (code-unit order). */
export function comparePolicies(a: Policy, b: Policy): number {
  return (
    a.priority - b.priority ||
    (a.action === b.action ? 0 : a.action === 'deny' ? -1 : 1) ||
    byCodeUnits(a.id, b.id)
  );
}

export function parsePolicySet(input: PolicySetInput): PolicySet {
  const parsed = policySetSchema.safeParse(input);
  if (!parsed.success) {
    throw new PolicySetError(
      parsed.error.issues.slice(0, 50).map((i) => ({
        path: i.path.map(String).join('.'),
        message: i.message,
      })),
    );
  }
  return parsed.data;
}

function policySetVersion(set: PolicySet): string {
  const sorted = {
    time_zone: set.time_zone,
    departments: [...set.departments].sort((a, b) => byCodeUnits(a.id, b.id)),
    applications: set.applications,
    policies: [...set.policies].sort((a, b) => byCodeUnits(a.id, b.id)),
  };
  return `ps-${fnv64(canonicalJson(sorted))}`;
}

function setBit(bits: Uint32Array, offset: number, rank: number): void {
  bits[offset + (rank >>> 5)]! |= 1 << (rank & 31);
}

export function buildTables(input: PolicySetInput): PolicyTables {
  const set = parsePolicySet(input);
  const warnings: CompileWarning[] = [];
  const apps = [...set.applications].sort((a, b) => byCodeUnits(a.id, b.id));
  // Entitlement documents share these objects: nobody downstream may change them.
  for (const a of apps) {
    for (const x of a.addresses) Object.freeze(x);
    Object.freeze(a.addresses);
    Object.freeze(a.tags);
    Object.freeze(a);
  }
  const appIndex = new Map(apps.map((a, i) => [a.id, i]));
  const addresses = apps.map((a) => a.addresses.map((x) => parseAddress(x) as ParsedAddress));
  const byTag = new Map<string, number[]>();
  apps.forEach((a, i) => {
    for (const tag of new Set(a.tags)) {
      const list = byTag.get(tag);
      if (list) list.push(i);
      else byTag.set(tag, [i]);
    }
  });

  const enabled = set.policies.filter((p) => p.enabled).sort(comparePolicies);
  const known = new Set(set.departments.map((d) => d.id));
  for (const d of set.departments) if (d.parent_id !== null) known.add(d.parent_id);
  const named: string[] = [];
  for (const p of set.policies) {
    for (const d of p.subjects.departments) {
      named.push(d.id);
      if (!known.has(d.id)) {
        warnings.push({ code: 'unknown_department', policy_id: p.id, ref: d.id });
      }
    }
  }
  const tree = buildDepartmentTree(set.departments, named);
  for (const id of tree.cycles) warnings.push({ code: 'department_cycle', ref: id });

  const allApps = Int32Array.from(apps.keys());
  const clocks = new ZoneClocks();
  const P = enabled.length;
  const words = Math.max(1, Math.ceil(P / 32));
  const D = tree.ids.length;
  const departmentBits = new Uint32Array(D * words); // "with sub-departments" first
  const exact: number[] = []; // (row, rank) pairs of departments named without sub-departments
  const everyone = new Uint32Array(words);
  const userBits = new Map<string, Uint32Array>();

  const policies = enabled.map((policy, rank): CompiledPolicy => {
    const s = policy.subjects;
    if (s.all_users || (s.departments.length === 0 && s.users.length === 0)) {
      setBit(everyone, 0, rank);
    }
    for (const d of s.departments) {
      const row = tree.index.get(d.id)! * words;
      if (d.include_sub_departments) setBit(departmentBits, row, rank);
      else exact.push(row, rank);
    }
    for (const u of s.users) {
      let bits = userBits.get(u);
      if (!bits) userBits.set(u, (bits = new Uint32Array(words)));
      setBit(bits, 0, rank);
    }
    const covered = policy.resources.all_applications
      ? allApps
      : coveredApps(policy, appIndex, byTag, warnings);
    const c = policy.conditions;
    let platforms = 0;
    for (const pl of c?.platforms ?? []) platforms |= PLATFORM_BITS[pl]!;
    const decision: Decision = Object.freeze({
      decision: policy.action,
      reason: policy.action === 'allow' ? 'matched_allow' : 'matched_deny',
      policyId: policy.id,
      policyName: policy.name,
      priority: policy.priority,
    });
    return {
      rank,
      policy,
      allow: policy.action === 'allow',
      attributes: compileAttributeRules(s.attributes),
      windows: c?.time_windows?.map((w) =>
        compileWindow(w, clocks.get(w.time_zone ?? set.time_zone)),
      ),
      platforms,
      apps: covered,
      decision,
    };
  });
  const disabled = set.policies
    .filter((p) => !p.enabled)
    .sort(comparePolicies)
    .map((policy) => ({
      policy,
      apps: policy.resources.all_applications
        ? allApps
        : coveredApps(policy, appIndex, byTag, warnings),
    }));

  // Parents come first in tree.order, so a parent's row already holds its own ancestors'.
  for (let k = 0; k < D; k++) {
    const v = tree.order[k]!;
    const parent = tree.parent[v]!;
    if (parent === -1) continue;
    for (let w = 0; w < words; w++)
      departmentBits[v * words + w]! |= departmentBits[parent * words + w]!;
  }
  for (let i = 0; i < exact.length; i += 2) setBit(departmentBits, exact[i]!, exact[i + 1]!);

  const candidates: number[][] = apps.map(() => []);
  for (const p of policies) for (const a of p.apps) candidates[a]!.push(p.rank);

  const indexed: IndexedAddress[] = [];
  addresses.forEach((list, app) =>
    list.forEach((parsed, address) => indexed.push({ app, address, parsed })),
  );

  return {
    version: policySetVersion(set),
    destinationVersion: `dm-${fnv64(
      canonicalJson(apps.map((a) => ({ id: a.id, enabled: a.enabled, addresses: a.addresses }))),
    )}`,
    timeZone: set.time_zone,
    apps,
    appEnabled: Uint8Array.from(apps, (a) => (a.enabled ? 1 : 0)),
    appIndex,
    addresses,
    policies,
    disabled,
    words,
    tree,
    departmentBits,
    everyone,
    userBits,
    appCandidates: candidates.map((c) => Int32Array.from(c)),
    addressIndex: new AddressIndex(indexed),
    warnings,
    entryCache: [],
  };
}

/** Applications a policy's ids and tags name, ascending; unknown ones become warnings. */
export function coveredApps(
  policy: Policy,
  appIndex: ReadonlyMap<string, number>,
  byTag: ReadonlyMap<string, readonly number[]>,
  warnings?: CompileWarning[],
): Int32Array {
  const out = new Set<number>();
  for (const id of policy.resources.applications) {
    const i = appIndex.get(id);
    if (i === undefined)
      warnings?.push({ code: 'unknown_application', policy_id: policy.id, ref: id });
    else out.add(i);
  }
  for (const tag of policy.resources.tags) {
    const list = byTag.get(tag);
    if (!list) warnings?.push({ code: 'unknown_tag', policy_id: policy.id, ref: tag });
    else for (const i of list) out.add(i);
  }
  if (out.size === 0 && !policy.resources.all_applications) {
    warnings?.push({ code: 'no_applications', policy_id: policy.id });
  }
  return Int32Array.from(out).sort();
}

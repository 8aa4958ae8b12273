// The pure differ: current directory rows + the desired state from Feishu -> a change set.
// Users are matched by open_id, then union_id (the platform never changes either), then, for
// rows nobody claimed, by the source's matching rule (e.g. account username = Feishu user_id),
// so a changed user_id is an update and an existing account is linked, never re-created.
// In 'full' mode whatever Feishu no longer lists is removed: users are disabled ('left_scope')
// and deleted once the grace period has passed since (resigned users stay disabled: Feishu never
// lists them again); departments are deleted. In 'partial' mode
// (events, a subset) nothing absent is touched. The differ reads a desired user through its
// facts (keys, status, hashes, the matching value): in-memory records (events) and the staged
// rows of a full sync (staged-users.ts) both answer them.
import type {
  DepartmentRecord,
  DirectoryChangeSet,
  DisableReason,
  UserDisable,
  UserRecord,
  UserRef,
} from './change-set.ts';
import { emptyChangeSet } from './change-set.ts';
import { departmentHash, userAccessHash, userContentHash } from './record-hash.ts';
import type { UserDisabledReason } from '../storage/schema.ts';

export interface CurrentDepartment {
  id: string;
  openDepartmentId: string;
  name: string;
  status: 'active' | 'disabled' | 'deleted';
  contentHash: string | null;
}

export interface CurrentUser {
  id: string;
  openId: string;
  unionId: string;
  name: string;
  status: 'active' | 'disabled' | 'deleted';
  disabledReason: UserDisabledReason | null;
  disabledAt: Date | null;
  contentHash: string | null;
  accessHash: string | null;
  /** Values of the account fields a matching rule can compare. */
  username: string | null;
  email: string | null;
  mobile: string | null;
  employeeNo: string | null;
}

export interface CurrentDirectory {
  departments: CurrentDepartment[];
  users: CurrentUser[];
}

export interface DesiredDirectory {
  departments: DepartmentRecord[];
  users: UserRecord[];
}

/** What the differ reads of a desired user. */
export interface DesiredUserFacts {
  openId: string;
  unionId: string;
  status: 'active' | 'disabled';
  disabledReason: DisableReason | null;
  contentHash: string;
  accessHash: string;
  /** The Feishu value the matching rule compares, as text (null: none, or no rule). */
  matchValue: string | null;
}

export type MatchableAccountField = 'username' | 'email' | 'mobile' | 'employee_no';

export interface DiffOptions {
  mode: 'full' | 'partial';
  now: Date;
  /** How long a user who left the scope stays disabled before being deleted. */
  deleteGraceMs: number;
  /** Links an unmatched Feishu user to an existing account with the same value. */
  matching?: { accountField: MatchableAccountField; feishuField: string } | null;
}

const accountValue = (u: CurrentUser, field: MatchableAccountField): string | null =>
  field === 'employee_no' ? u.employeeNo : u[field];

const asText = (v: unknown): string | null =>
  typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : null;

export function diffDirectory(
  sourceId: string,
  current: CurrentDirectory,
  desired: DesiredDirectory,
  options: DiffOptions,
): DirectoryChangeSet {
  const feishuField = options.matching?.feishuField;
  const facts = (u: UserRecord): DesiredUserFacts => ({
    openId: u.openId,
    unionId: u.unionId,
    status: u.status,
    disabledReason: u.disabledReason,
    contentHash: userContentHash(u),
    accessHash: userAccessHash(u),
    matchValue: feishuField === undefined ? null : asText(u.profile[feishuField]),
  });
  return diffDirectoryBy(sourceId, current, desired.departments, desired.users, facts, options);
}

/** The differ over desired users of any shape R, read through `facts`; R goes into the change set. */
export function diffDirectoryBy<R>(
  sourceId: string,
  current: CurrentDirectory,
  departments: DepartmentRecord[],
  users: readonly R[],
  facts: (u: R) => DesiredUserFacts,
  options: DiffOptions,
): DirectoryChangeSet<R> {
  const cs = emptyChangeSet<R>(sourceId);
  diffDepartments(cs, current.departments, departments, options);
  diffUsers(cs, current.users, users, facts, options);
  return cs;
}

function diffDepartments<R>(
  cs: DirectoryChangeSet<R>,
  current: CurrentDepartment[],
  desired: DepartmentRecord[],
  options: DiffOptions,
): void {
  const byOpenId = new Map(current.map((d) => [d.openDepartmentId, d]));
  const seen = new Set<string>();
  for (const d of desired) {
    if (seen.has(d.openDepartmentId)) continue;
    seen.add(d.openDepartmentId);
    const cur = byOpenId.get(d.openDepartmentId);
    if (!cur) cs.departments.create.push(d);
    else if (cur.status !== 'active' || cur.contentHash !== departmentHash(d))
      cs.departments.update.push({ ...d, id: cur.id });
  }
  if (options.mode !== 'full') return;
  for (const cur of current) {
    if (cur.status === 'active' && !seen.has(cur.openDepartmentId)) {
      cs.departments.delete.push({
        id: cur.id,
        openDepartmentId: cur.openDepartmentId,
        name: cur.name,
      });
    }
  }
}

function diffUsers<R>(
  cs: DirectoryChangeSet<R>,
  current: CurrentUser[],
  desired: readonly R[],
  factsOf: (u: R) => DesiredUserFacts,
  options: DiffOptions,
): void {
  const byOpenId = new Map<string, CurrentUser>();
  const byUnionId = new Map<string, CurrentUser>();
  for (const u of current) {
    byOpenId.set(u.openId, u);
    byUnionId.set(u.unionId, u);
  }
  const claimed = new Set<string>(); // current row ids matched by some desired user
  const seenOpenIds = new Set<string>();
  const pending: [R, DesiredUserFacts][] = []; // matched by neither id: try the matching rule
  const matchedPairs: [R, DesiredUserFacts, CurrentUser][] = [];

  for (const d of desired) {
    const f = factsOf(d);
    if (seenOpenIds.has(f.openId)) continue;
    seenOpenIds.add(f.openId);
    const cur = byOpenId.get(f.openId) ?? byUnionId.get(f.unionId);
    if (cur && !claimed.has(cur.id)) {
      claimed.add(cur.id);
      matchedPairs.push([d, f, cur]);
    } else pending.push([d, f]);
  }

  const rule = options.matching;
  let byAccountValue: Map<string, CurrentUser[]> | undefined;
  if (rule && pending.length > 0) {
    byAccountValue = new Map();
    for (const u of current) {
      if (claimed.has(u.id)) continue;
      const v = accountValue(u, rule.accountField);
      if (v === null) continue;
      const list = byAccountValue.get(v) ?? [];
      list.push(u);
      byAccountValue.set(v, list);
    }
  }
  for (const [d, f] of pending) {
    const value = rule ? f.matchValue : null;
    const candidates = value !== null ? byAccountValue?.get(value) : undefined;
    // Only an unambiguous match links an account; two candidates would be a guess.
    const only = candidates?.length === 1 ? candidates[0] : undefined;
    if (only && !claimed.has(only.id)) {
      claimed.add(only.id);
      matchedPairs.push([d, f, only]);
    } else if (f.status === 'active' || f.disabledReason === 'frozen') {
      cs.users.create.push(d);
    }
    // A resigned user the directory never had is not worth creating.
  }

  for (const [d, f, cur] of matchedPairs) classifyMatched(cs, d, f, cur);
  if (options.mode === 'full') removeAbsent(cs, current, claimed, options);
}

function classifyMatched<R>(
  cs: DirectoryChangeSet<R>,
  d: R,
  f: DesiredUserFacts,
  cur: CurrentUser,
): void {
  const ref: UserRef = { id: cur.id, openId: cur.openId, name: cur.name, wasActive: false };
  if (f.status === 'disabled') {
    if (cur.status === 'active') {
      cs.users.disable.push({ ...ref, wasActive: true, reason: f.disabledReason!, record: d });
      return;
    }
    if (cur.status === 'deleted' && f.disabledReason === 'resigned') return;
  }
  const unchanged =
    cur.status === f.status &&
    cur.disabledReason === f.disabledReason &&
    cur.contentHash === f.contentHash;
  if (unchanged) return;
  const accessChanged =
    (cur.status !== 'active' && f.status === 'active') || cur.accessHash !== f.accessHash;
  cs.users.update.push({ id: cur.id, record: d, accessChanged });
}

function removeAbsent<R>(
  cs: DirectoryChangeSet<R>,
  current: CurrentUser[],
  claimed: Set<string>,
  options: DiffOptions,
): void {
  const deleteBefore = options.now.getTime() - options.deleteGraceMs;
  for (const cur of current) {
    if (claimed.has(cur.id) || cur.status === 'deleted') continue;
    // Resigned people are never listed again; they stay disabled, kept for the audit trail.
    if (cur.status === 'disabled' && cur.disabledReason === 'resigned') continue;
    const ref: UserRef = {
      id: cur.id,
      openId: cur.openId,
      name: cur.name,
      wasActive: cur.status === 'active',
    };
    if (cur.status === 'active' || cur.disabledReason !== 'left_scope') {
      const disable: UserDisable<R> = { ...ref, reason: 'left_scope' };
      cs.users.disable.push(disable);
    } else if ((cur.disabledAt?.getTime() ?? 0) <= deleteBefore) {
      cs.users.delete.push(ref);
    }
  }
}

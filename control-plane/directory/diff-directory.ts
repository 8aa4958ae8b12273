// The pure differ: current directory rows + the desired state from Feishu -> a change set.
// Users are matched by open_id, then union_id (the platform never changes either), then, for
// rows nobody claimed, by the source's matching rule (e.g. account username = Feishu user_id),
// so a changed user_id is an update and an existing account is linked, never re-created.
// In 'full' mode whatever Feishu no longer lists is removed: users are disabled ('left_scope')
// and deleted once the grace period has passed since (resigned users stay disabled: Feishu never
// lists them again); departments are deleted. In 'partial' mode
// (events, a subset) nothing absent is touched.
import type {
  DepartmentRecord,
  DirectoryChangeSet,
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
  const cs = emptyChangeSet(sourceId);
  diffDepartments(cs, current.departments, desired.departments, options);
  diffUsers(cs, current.users, desired.users, options);
  return cs;
}

function diffDepartments(
  cs: DirectoryChangeSet,
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

function diffUsers(
  cs: DirectoryChangeSet,
  current: CurrentUser[],
  desired: UserRecord[],
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
  const pending: UserRecord[] = []; // matched by neither id: try the matching rule
  const matchedPairs: [UserRecord, CurrentUser][] = [];

  for (const d of desired) {
    if (seenOpenIds.has(d.openId)) continue;
    seenOpenIds.add(d.openId);
    const cur = byOpenId.get(d.openId) ?? byUnionId.get(d.unionId);
    if (cur && !claimed.has(cur.id)) {
      claimed.add(cur.id);
      matchedPairs.push([d, cur]);
    } else pending.push(d);
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
  for (const d of pending) {
    const value = rule ? asText(d.profile[rule.feishuField]) : null;
    const candidates = value !== null ? byAccountValue?.get(value) : undefined;
    // Only an unambiguous match links an account; two candidates would be a guess.
    const only = candidates?.length === 1 ? candidates[0] : undefined;
    if (only && !claimed.has(only.id)) {
      claimed.add(only.id);
      matchedPairs.push([d, only]);
    } else if (d.status === 'active' || d.disabledReason === 'frozen') {
      cs.users.create.push(d);
    }
    // A resigned user the directory never had is not worth creating.
  }

  for (const [d, cur] of matchedPairs) classifyMatched(cs, d, cur);
  if (options.mode === 'full') removeAbsent(cs, current, claimed, options);
}

function classifyMatched(cs: DirectoryChangeSet, d: UserRecord, cur: CurrentUser): void {
  const ref: UserRef = { id: cur.id, openId: cur.openId, name: cur.name, wasActive: false };
  if (d.status === 'disabled') {
    if (cur.status === 'active') {
      cs.users.disable.push({ ...ref, wasActive: true, reason: d.disabledReason!, record: d });
      return;
    }
    if (cur.status === 'deleted' && d.disabledReason === 'resigned') return;
  }
  const unchanged =
    cur.status === d.status &&
    cur.disabledReason === d.disabledReason &&
    cur.contentHash === userContentHash(d);
  if (unchanged) return;
  const accessChanged =
    (cur.status !== 'active' && d.status === 'active') || cur.accessHash !== userAccessHash(d);
  cs.users.update.push({ id: cur.id, record: d, accessChanged });
}

function removeAbsent(
  cs: DirectoryChangeSet,
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
      const disable: UserDisable = { ...ref, reason: 'left_scope' };
      cs.users.disable.push(disable);
    } else if ((cur.disabledAt?.getTime() ?? 0) <= deleteBefore) {
      cs.users.delete.push(ref);
    }
  }
}

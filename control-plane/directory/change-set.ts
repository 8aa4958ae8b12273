// The one shape every directory change takes, whether it comes from a full sync, an approved
// held run or an incremental event: departments and users to create, update, disable and
// delete, each user with its complete set of memberships. Plain data, JSON-serialisable (a held
// run stores it), built by the pure differ (diff-directory.ts) and applied in one transaction
// by apply-change-set.ts.
import type { UserDisabledReason } from '../storage/schema.ts';

export const ROOT_DEPARTMENT = '0';

/** A department as the directory should hold it. */
export interface DepartmentRecord {
  openDepartmentId: string;
  departmentId: string | null;
  name: string;
  i18nName: Record<string, string>;
  /** "0" for a top-level department (the root's child, or the top of a synced subtree). */
  parentOpenDepartmentId: string;
  /** "/od-a/od-b/": every synced ancestor and itself. */
  path: string;
  leaderOpenId: string | null;
  sortOrder: number;
}

export interface MembershipRecord {
  /** open_department_id, or "0" for a direct member of the root. */
  openDepartmentId: string;
  isPrimary: boolean;
  userOrder: number;
  departmentOrder: number;
}

/** Why a user is disabled now: frozen or resigned in Feishu, or gone from the synced scope. */
export type DisableReason = Exclude<UserDisabledReason, 'deleted'>;

/** A user as the directory should hold it (keyed by open_id and union_id, never user_id). */
export interface UserRecord {
  openId: string;
  unionId: string;
  /** Feishu user_id: may change (a rename), never a key. */
  userId: string | null;
  /** Account fields from the field mapping. */
  username: string | null;
  name: string;
  enName: string | null;
  email: string | null;
  mobile: string | null;
  employeeNo: string | null;
  /** 'disabled' for users frozen or resigned in Feishu. */
  status: 'active' | 'disabled';
  disabledReason: DisableReason | null;
  feishuStatus: Record<string, boolean>;
  /** The Feishu fields a mapping may read, as last fetched (a mapping change needs no re-fetch). */
  profile: Record<string, unknown>;
  /** Every account field the mapping produced ("display_name", "attributes.cost_center", ...). */
  attributes: Record<string, unknown>;
  leaderOpenId: string | null;
  memberships: MembershipRecord[];
  sourceUpdatedAt: string | null;
}

/**
 * A plain copy of a record, field by field. A record may be a view whose fields are decoded on
 * demand (the full sync's packed records): code that reads every field of many records in
 * several passes copies a batch once instead.
 */
export const copyUserRecord = (u: UserRecord): UserRecord => ({
  openId: u.openId,
  unionId: u.unionId,
  userId: u.userId,
  username: u.username,
  name: u.name,
  enName: u.enName,
  email: u.email,
  mobile: u.mobile,
  employeeNo: u.employeeNo,
  status: u.status,
  disabledReason: u.disabledReason,
  feishuStatus: u.feishuStatus,
  profile: u.profile,
  attributes: u.attributes,
  leaderOpenId: u.leaderOpenId,
  memberships: u.memberships,
  sourceUpdatedAt: u.sourceUpdatedAt,
});

export interface DepartmentRef {
  id: string;
  openDepartmentId: string;
  name: string;
}

export interface UserRef {
  id: string;
  openId: string;
  name: string;
  /** The user could sign in before this change (a removal deletion protection counts). */
  wasActive: boolean;
}

export interface UserUpdate {
  id: string;
  record: UserRecord;
  /** Username, mapped attributes or departments changed, or the user came back. */
  accessChanged: boolean;
}

export interface UserDisable extends UserRef {
  reason: DisableReason;
  /** The user's new data when Feishu still lists them (frozen, resigned found by id). */
  record?: UserRecord;
}

export interface DirectoryChangeSet {
  sourceId: string;
  departments: {
    create: DepartmentRecord[];
    update: (DepartmentRecord & { id: string })[];
    delete: DepartmentRef[];
  };
  users: {
    create: UserRecord[];
    update: UserUpdate[];
    disable: UserDisable[];
    delete: UserRef[];
  };
}

export interface ChangeCounts {
  departments: { created: number; updated: number; deleted: number };
  users: { created: number; updated: number; disabled: number; deleted: number };
}

/** Users and departments that lose access or disappear: what deletion protection weighs. */
export interface RemovalCounts {
  users: number;
  departments: number;
}

export const emptyChangeSet = (sourceId: string): DirectoryChangeSet => ({
  sourceId,
  departments: { create: [], update: [], delete: [] },
  users: { create: [], update: [], disable: [], delete: [] },
});

export const countChanges = (cs: DirectoryChangeSet): ChangeCounts => ({
  departments: {
    created: cs.departments.create.length,
    updated: cs.departments.update.length,
    deleted: cs.departments.delete.length,
  },
  users: {
    created: cs.users.create.length,
    updated: cs.users.update.length,
    disabled: cs.users.disable.length,
    deleted: cs.users.delete.length,
  },
});

export const countRemovals = (cs: DirectoryChangeSet): RemovalCounts => ({
  users:
    cs.users.disable.filter((u) => u.wasActive).length +
    cs.users.delete.filter((u) => u.wasActive).length,
  departments: cs.departments.delete.length,
});

export const isEmptyChangeSet = (cs: DirectoryChangeSet): boolean =>
  cs.departments.create.length +
    cs.departments.update.length +
    cs.departments.delete.length +
    cs.users.create.length +
    cs.users.update.length +
    cs.users.disable.length +
    cs.users.delete.length ===
  0;

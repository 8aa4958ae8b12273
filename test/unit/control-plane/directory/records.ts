// Builders of directory records and current rows for the differ's tests.
import type {
  DepartmentRecord,
  UserRecord,
} from '../../../../control-plane/directory/change-set.ts';
import type {
  CurrentDepartment,
  CurrentUser,
} from '../../../../control-plane/directory/diff-directory.ts';
import {
  departmentHash,
  userAccessHash,
  userContentHash,
} from '../../../../control-plane/directory/record-hash.ts';

export const dept = (id: string, over: Partial<DepartmentRecord> = {}): DepartmentRecord => ({
  openDepartmentId: id,
  departmentId: `D-${id}`,
  name: `Dept ${id}`,
  i18nName: { en_us: `Dept ${id}` },
  parentOpenDepartmentId: '0',
  path: `/${id}/`,
  leaderOpenId: null,
  sortOrder: 0,
  ...over,
});

export const user = (n: number, over: Partial<UserRecord> = {}): UserRecord => ({
  openId: `ou_${n}`,
  unionId: `on_${n}`,
  userId: `u${n}`,
  username: `u${n}`,
  name: `User ${n}`,
  enName: null,
  email: `u${n}@example.com`,
  mobile: null,
  employeeNo: `E${n}`,
  status: 'active',
  disabledReason: null,
  feishuStatus: { is_frozen: false, is_resigned: false },
  profile: { user_id: `u${n}`, name: `User ${n}`, email: `u${n}@example.com` },
  attributes: { username: `u${n}`, display_name: `User ${n}` },
  leaderOpenId: null,
  memberships: [{ openDepartmentId: 'od-a', isPrimary: true, userOrder: 0, departmentOrder: 0 }],
  sourceUpdatedAt: null,
  ...over,
});

/** The row the directory would hold after applying `d`. */
export const currentDept = (
  d: DepartmentRecord,
  over: Partial<CurrentDepartment> = {},
): CurrentDepartment => ({
  id: `row-${d.openDepartmentId}`,
  openDepartmentId: d.openDepartmentId,
  name: d.name,
  status: 'active',
  contentHash: departmentHash(d),
  ...over,
});

export const currentUser = (u: UserRecord, over: Partial<CurrentUser> = {}): CurrentUser => ({
  id: `row-${u.openId}`,
  openId: u.openId,
  unionId: u.unionId,
  name: u.name,
  status: u.status,
  disabledReason: u.disabledReason,
  disabledAt: u.status === 'disabled' ? new Date(0) : null,
  contentHash: userContentHash(u),
  accessHash: userAccessHash(u),
  username: u.username,
  email: u.email,
  mobile: u.mobile,
  employeeNo: u.employeeNo,
  ...over,
});

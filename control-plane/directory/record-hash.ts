// Content hashes of directory records. The directory stores them next to each row, so a re-sync
// compares 100k users by hash without loading or rewriting anything that did not change, and can
// tell a change that matters for access (username, mapped attributes, departments) from one that
// does not (an avatar). Field order is fixed here; changing it only costs one rewrite of each row.
import { hash } from 'node:crypto';
import type { DepartmentRecord, UserRecord } from './change-set.ts';

const digest = (value: unknown): string => hash('sha1', JSON.stringify(value), 'base64');

/** Objects hash the same whatever order their keys were built in. */
function sorted(value: Record<string, unknown>): [string, unknown][] {
  return Object.keys(value)
    .sort()
    .map((k) => [k, value[k]]);
}

export function departmentHash(d: DepartmentRecord): string {
  return digest([
    d.departmentId,
    d.name,
    sorted(d.i18nName),
    d.parentOpenDepartmentId,
    d.path,
    d.leaderOpenId,
    d.sortOrder,
  ]);
}

const membershipKey = (u: UserRecord) =>
  u.memberships
    .map((m) => `${m.openDepartmentId}|${m.isPrimary ? 1 : 0}|${m.userOrder}|${m.departmentOrder}`)
    .sort();

export function userAccessHash(u: UserRecord): string {
  return digest([
    u.username,
    sorted(u.attributes),
    u.memberships.map((m) => `${m.openDepartmentId}|${m.isPrimary ? 1 : 0}`).sort(),
  ]);
}

export function userContentHash(u: UserRecord): string {
  return digest([
    u.openId,
    u.unionId,
    u.userId,
    u.username,
    u.name,
    u.enName,
    u.email,
    u.mobile,
    u.employeeNo,
    u.status,
    u.disabledReason,
    sorted(u.feishuStatus),
    sorted(u.profile),
    sorted(u.attributes),
    u.leaderOpenId,
    membershipKey(u),
  ]);
}

// Why a full sync is held instead of applied (issue 3 section 6), decided on plain data: the
// thresholds (users and departments apart, exactly at the threshold passes), an org that comes
// back empty while the directory is not, and a narrowed scope setting that would remove users.
// A run started by approving a held run on a directory that has changed since is allowed the
// removals the admin approved; only what goes beyond them is weighed again.
import type { ErrorCode } from '../../shared/domain/errors/index.ts';
import type { DeletionThresholds, SyncScope } from '../../shared/domain/identity-source.ts';
import type { DirectoryChangeSet } from '../directory/change-set.ts';
import { checkDeletionThresholds } from '../directory/deletion-protection.ts';

export interface HoldReason {
  code: ErrorCode;
  params: Record<string, string | number>;
  /** Whether an admin can approve the run (false: there is nothing complete to apply). */
  approvable: boolean;
}

export interface HoldInput {
  changeSet: DirectoryChangeSet;
  activeBefore: { users: number; departments: number };
  thresholds: DeletionThresholds;
  firstSync: boolean;
  /** Users Feishu listed in this run. */
  listedUsers: number;
  /** The scope setting differs from the one of the last applied run. */
  scopeChanged: boolean;
  /** Removals an admin approved already (an approval run). */
  approved?: { userIds: ReadonlySet<string>; departmentIds: ReadonlySet<string> };
}

export function holdReasons(input: HoldInput): HoldReason[] {
  const { changeSet: cs, approved } = input;
  const userRemovals = [...cs.users.disable, ...cs.users.delete].filter((u) => u.wasActive);
  const extraUsers = approved
    ? userRemovals.filter((u) => !approved.userIds.has(u.id))
    : userRemovals;
  const extraDepartments = approved
    ? cs.departments.delete.filter((d) => !approved.departmentIds.has(d.id))
    : cs.departments.delete;
  const reasons: HoldReason[] = [];

  if (!approved && input.listedUsers === 0 && input.activeBefore.users > 0) {
    reasons.push({
      code: 'SYNC_HELD_EMPTY_ORG',
      params: { count: input.activeBefore.users },
      approvable: true,
    });
  }
  if (!approved && input.scopeChanged && userRemovals.length > 0) {
    reasons.push({
      code: 'SYNC_HELD_SCOPE_NARROWED',
      params: { count: userRemovals.length },
      approvable: true,
    });
  }
  const breaches = checkDeletionThresholds({
    removals: { users: extraUsers.length, departments: extraDepartments.length },
    activeBefore: input.activeBefore,
    thresholds: input.thresholds,
    firstSync: input.firstSync,
  });
  for (const b of breaches) {
    reasons.push({
      code: b.kind === 'users' ? 'SYNC_HELD_USER_THRESHOLD' : 'SYNC_HELD_DEPARTMENT_THRESHOLD',
      params: { count: b.count, limit: b.limit },
      approvable: true,
    });
  }
  return reasons;
}

const scopeKey = (s: SyncScope): string =>
  s.kind === 'all' ? 'all' : `departments:${[...s.department_ids].sort().join(',')}`;

export const sameScope = (a: SyncScope, b: SyncScope): boolean => scopeKey(a) === scopeKey(b);

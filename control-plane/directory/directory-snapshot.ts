// The current directory of a source as the differ needs it: ids, status, hashes and the account
// fields a matching rule compares, nothing else (100k users fit in a few tens of MB this way).
// Also the counts deletion protection weighs removals against.
import type { Kysely } from 'kysely';
import type { Database } from '../storage/schema.ts';
import type { CurrentDepartment, CurrentDirectory, CurrentUser } from './diff-directory.ts';

export interface DirectorySnapshot extends CurrentDirectory {
  version: number;
  active: { users: number; departments: number };
}

export interface SnapshotFilter {
  /** Only these users (by open_id or union_id) and departments: for partial change sets. */
  openIds?: string[];
  unionIds?: string[];
  openDepartmentIds?: string[];
}

export async function loadDirectorySnapshot(
  db: Kysely<Database>,
  sourceId: string,
  filter?: SnapshotFilter,
): Promise<DirectorySnapshot> {
  const source = await db
    .selectFrom('identity_sources')
    .select('directory_version')
    .where('id', '=', sourceId)
    .executeTakeFirst();
  let deptQuery = db
    .selectFrom('directory_departments')
    .select(['id', 'open_department_id', 'name', 'status', 'content_hash'])
    .where('source_id', '=', sourceId);
  let userQuery = db
    .selectFrom('directory_users')
    .select([
      'id',
      'open_id',
      'union_id',
      'name',
      'status',
      'disabled_reason',
      'disabled_at',
      'content_hash',
      'access_hash',
      'username',
      'email',
      'mobile',
      'employee_no',
    ])
    .where('source_id', '=', sourceId);
  if (filter) {
    const depts = filter.openDepartmentIds ?? [];
    deptQuery = depts.length
      ? deptQuery.where('open_department_id', 'in', depts)
      : deptQuery.where((eb) => eb.val(false));
    const openIds = filter.openIds ?? [];
    const unionIds = filter.unionIds ?? [];
    userQuery = userQuery.where((eb) =>
      eb.or([
        ...(openIds.length ? [eb('open_id', 'in', openIds)] : []),
        ...(unionIds.length ? [eb('union_id', 'in', unionIds)] : []),
        eb.val(false),
      ]),
    );
  }
  const [deptRows, userRows] = await Promise.all([deptQuery.execute(), userQuery.execute()]);
  const departments: CurrentDepartment[] = deptRows.map((d) => ({
    id: d.id,
    openDepartmentId: d.open_department_id,
    name: d.name,
    status: d.status,
    contentHash: d.content_hash,
  }));
  const users: CurrentUser[] = userRows.map((u) => ({
    id: u.id,
    openId: u.open_id,
    unionId: u.union_id,
    name: u.name,
    status: u.status,
    disabledReason: u.disabled_reason,
    disabledAt: u.disabled_at,
    contentHash: u.content_hash,
    accessHash: u.access_hash,
    username: u.username,
    email: u.email,
    mobile: u.mobile,
    employeeNo: u.employee_no,
  }));
  let activeUsers = 0;
  for (const u of users) if (u.status === 'active') activeUsers += 1;
  let activeDepartments = 0;
  for (const d of departments) if (d.status === 'active') activeDepartments += 1;
  return {
    version: Number(source?.directory_version ?? 0),
    departments,
    users,
    active: { users: activeUsers, departments: activeDepartments },
  };
}

/** Active users and departments of a source: the base of percentage thresholds. */
export async function countActive(
  db: Kysely<Database>,
  sourceId: string,
): Promise<{ users: number; departments: number }> {
  const [users, departments] = await Promise.all([
    db
      .selectFrom('directory_users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('source_id', '=', sourceId)
      .where('status', '=', 'active')
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('directory_departments')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('source_id', '=', sourceId)
      .where('status', '=', 'active')
      .executeTakeFirstOrThrow(),
  ]);
  return { users: Number(users.n), departments: Number(departments.n) };
}

// Read side of the synced directory for the admin console: department children, users of a
// department (directly or in its subtree) with prefix search and paging, one user with their
// departments. Callers pass a source id they have already resolved through a TenantScope.
import { sql, type Kysely } from 'kysely';
import type {
  Database,
  DirectoryDepartmentRow,
  DirectoryStatus,
  DirectoryUserRow,
} from '../schema.ts';
import { escapeLike } from './like.ts';

export const ROOT_DEPARTMENT = '0';

export interface DepartmentNode extends DirectoryDepartmentRow {
  child_count: number;
  member_count: number;
}

export async function listChildDepartments(
  db: Kysely<Database>,
  sourceId: string,
  parentOpenId: string,
  includeDeleted: boolean,
): Promise<DepartmentNode[]> {
  let q = db
    .selectFrom('directory_departments as d')
    .selectAll('d')
    .select((eb) => [
      eb
        .selectFrom('directory_departments as c')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('c.source_id', '=', 'd.source_id')
        .whereRef('c.parent_open_department_id', '=', 'd.open_department_id')
        .where('c.status', '!=', 'deleted')
        .as('child_count'),
      eb
        .selectFrom('directory_memberships as m')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('m.source_id', '=', 'd.source_id')
        .whereRef('m.open_department_id', '=', 'd.open_department_id')
        .as('member_count'),
    ])
    .where('d.source_id', '=', sourceId)
    .where('d.parent_open_department_id', '=', parentOpenId);
  if (!includeDeleted) q = q.where('d.status', '!=', 'deleted');
  const rows = await q.orderBy('d.sort_order').orderBy('d.name').limit(5000).execute();
  return rows.map((r) => ({
    ...r,
    child_count: Number(r.child_count ?? 0),
    member_count: Number(r.member_count ?? 0),
  }));
}

export const getDepartment = (db: Kysely<Database>, sourceId: string, openDepartmentId: string) =>
  db
    .selectFrom('directory_departments')
    .selectAll()
    .where('source_id', '=', sourceId)
    .where('open_department_id', '=', openDepartmentId)
    .executeTakeFirst();

/** The departments named in a path ("/a/b/c/"), root first, for breadcrumbs. */
export async function departmentsOnPath(db: Kysely<Database>, sourceId: string, path: string) {
  const ids = path.split('/').filter(Boolean);
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('directory_departments')
    .select(['open_department_id', 'name'])
    .where('source_id', '=', sourceId)
    .where('open_department_id', 'in', ids)
    .execute();
  const byId = new Map(rows.map((r) => [r.open_department_id, r]));
  return ids.map((id) => byId.get(id)).filter((r) => r !== undefined);
}

export interface UserListQuery {
  /** open_department_id, or "0" for the root. Absent: every user of the source. */
  departmentId?: string;
  /** With a department: include users of every department below it. */
  subtree: boolean;
  /** Prefix of the name or email, or an exact user_id. */
  q?: string;
  status?: DirectoryStatus;
  limit: number;
  offset: number;
}

export async function listUsers(
  db: Kysely<Database>,
  sourceId: string,
  query: UserListQuery,
): Promise<{ items: DirectoryUserRow[]; total: number }> {
  let base = db.selectFrom('directory_users as u').where('u.source_id', '=', sourceId);
  const dept = query.departmentId;
  if (dept !== undefined && !(dept === ROOT_DEPARTMENT && query.subtree)) {
    if (query.subtree) {
      const root = await getDepartment(db, sourceId, dept);
      const prefix = root?.path ?? `/${dept}/`;
      base = base.where(({ exists, selectFrom }) =>
        exists(
          selectFrom('directory_memberships as m')
            .innerJoin('directory_departments as d', (j) =>
              j
                .onRef('d.source_id', '=', 'm.source_id')
                .onRef('d.open_department_id', '=', 'm.open_department_id'),
            )
            .select(sql`1`.as('one'))
            .whereRef('m.user_id', '=', 'u.id')
            .where('m.source_id', '=', sourceId)
            .where('d.path', 'like', `${escapeLike(prefix)}%`),
        ),
      );
    } else {
      base = base.where(({ exists, selectFrom }) =>
        exists(
          selectFrom('directory_memberships as m')
            .select(sql`1`.as('one'))
            .whereRef('m.user_id', '=', 'u.id')
            .where('m.source_id', '=', sourceId)
            .where('m.open_department_id', '=', dept),
        ),
      );
    }
  }
  if (query.status) base = base.where('u.status', '=', query.status);
  if (query.q) {
    const prefix = `${escapeLike(query.q.toLowerCase())}%`;
    const exact = query.q;
    base = base.where((eb) =>
      eb.or([
        eb(eb.fn('lower', ['u.name']), 'like', prefix),
        eb(eb.fn('lower', ['u.email']), 'like', prefix),
        eb('u.user_id', '=', exact),
      ]),
    );
  }
  const [items, count] = await Promise.all([
    base
      .selectAll('u')
      .orderBy('u.name')
      .orderBy('u.id')
      .limit(query.limit)
      .offset(query.offset)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(count.n) };
}

export const getUser = (db: Kysely<Database>, sourceId: string, id: string) =>
  db
    .selectFrom('directory_users')
    .selectAll()
    .where('source_id', '=', sourceId)
    .where('id', '=', id)
    .executeTakeFirst();

export const membershipsOfUser = (db: Kysely<Database>, sourceId: string, userId: string) =>
  db
    .selectFrom('directory_memberships as m')
    .leftJoin('directory_departments as d', (j) =>
      j
        .onRef('d.source_id', '=', 'm.source_id')
        .onRef('d.open_department_id', '=', 'm.open_department_id'),
    )
    .select(['m.open_department_id', 'm.is_primary', 'd.name', 'd.path'])
    .where('m.source_id', '=', sourceId)
    .where('m.user_id', '=', userId)
    .orderBy('m.is_primary', 'desc')
    .execute();

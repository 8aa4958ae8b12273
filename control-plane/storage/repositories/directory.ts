// Read side of the synced directory for the admin console: department children, one user
// with their departments (the users list is directory/user-listing.ts). Callers pass a source
// id they have already resolved through a TenantScope.
import type { Kysely } from 'kysely';
import type { Database, DirectoryDepartmentRow } from '../schema.ts';

export const ROOT_DEPARTMENT = '0';

export interface DepartmentNode extends DirectoryDepartmentRow {
  child_count: number;
  member_count: number;
}

/**
 * A source's departments (alias `d`) with their live child count and member count: the shape
 * the console's tree shows, whether the rows come from one parent or from a name search.
 */
export function departmentsWithCounts(db: Kysely<Database>, sourceId: string) {
  return db
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
    .where('d.source_id', '=', sourceId);
}

export async function listChildDepartments(
  db: Kysely<Database>,
  sourceId: string,
  parentOpenId: string,
  includeDeleted: boolean,
): Promise<DepartmentNode[]> {
  let q = departmentsWithCounts(db, sourceId).where(
    'd.parent_open_department_id',
    '=',
    parentOpenId,
  );
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

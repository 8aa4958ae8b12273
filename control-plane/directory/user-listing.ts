// The console's users list at 100,000 users: filters (department directly or with its
// subtree, status), prefix search over the fields an admin types (name, English name, email,
// user_id; open_id and union_id exactly; mobile by prefix with its country code), and keyset
// pages in (name, id) order under the "C" collation (migration 0008 indexes exactly that).
// The total is counted up to TOTAL_CAP rows: bounded work per page however large the org.
import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import { escapeLike } from '../storage/repositories/like.ts';
import type { Database, DirectoryStatus, DirectoryUserRow } from '../storage/schema.ts';

export const ROOT_DEPARTMENT = '0';
/** Totals above this are reported as "more than" (total_exact false). */
export const TOTAL_CAP = 10_000;
/** Numbered pages (offset) stop here; deeper lists page by cursor. */
export const MAX_OFFSET = 10_000;

export interface UserSortKey {
  name: string;
  id: string;
}

export interface UserListFilter {
  /** open_department_id ("0" = the root). Absent: every user of the source. */
  departmentId?: string;
  /** The department's own path ("/a/b/"), when subtree is set and it is not the root. */
  departmentPath?: string;
  subtree: boolean;
  q?: string;
  status?: DirectoryStatus;
}

export interface UserPageRequest extends UserListFilter {
  limit: number;
  /** Rows after this sort key (the previous page's last row). */
  after?: UserSortKey;
  /** Numbered pages: rows to skip (at most MAX_OFFSET). */
  offset?: number;
}

export interface UserPage {
  items: DirectoryUserRow[];
  /** The last row's key when more rows follow. */
  next: UserSortKey | null;
  total: number;
  totalExact: boolean;
}

const PHONE = /^\+?[0-9][0-9 -]{2,19}$/;

function searchCondition(q: string): Expression<SqlBool> {
  const lower = q.toLowerCase();
  const prefix = `${escapeLike(lower)}%`;
  const parts = [
    sql<SqlBool>`lower(u.name) like ${prefix}`,
    sql<SqlBool>`lower(u.email) like ${prefix}`,
    sql<SqlBool>`lower(u.en_name) collate "C" like ${prefix}`,
    sql<SqlBool>`lower(u.user_id) collate "C" like ${prefix}`,
    sql<SqlBool>`u.open_id = ${q}`,
    sql<SqlBool>`u.union_id = ${q}`,
  ];
  if (PHONE.test(q)) {
    // Feishu keeps mobiles with their country code (+8613800000000): "+86138" and "86138"
    // both find it, as does the number typed with spaces or dashes.
    const digits = q.replace(/[^0-9]/g, '');
    parts.push(sql<SqlBool>`u.mobile collate "C" like ${`+${digits}%`}`);
  }
  return sql<SqlBool>`(${sql.join(parts, sql` or `)})`;
}

/** Departments of the filter: the subtree's (by path) or the one department's. */
function departmentsOf(db: Kysely<Database>, sourceId: string, f: UserListFilter) {
  return f.subtree && f.departmentPath
    ? db
        .selectFrom('directory_departments as d')
        .select('d.open_department_id')
        .where('d.source_id', '=', sourceId)
        .where('d.path', 'like', `${escapeLike(f.departmentPath)}%`)
    : undefined;
}

/** Below this many members a department filter reads its member ids first and fetches just
 * those users; above it, users are read in order and each is checked for membership. Either
 * way the work per page is bounded whatever the planner knows about the tables (PGlite has no
 * autovacuum, so its statistics may be missing). */
const SPARSE_MEMBERS = 2_000;

async function memberIdsIfFew(
  db: Kysely<Database>,
  sourceId: string,
  f: UserListFilter,
): Promise<string[] | undefined> {
  const subtree = departmentsOf(db, sourceId, f);
  let q = db
    .selectFrom('directory_memberships as m')
    .select('m.user_id')
    .where('m.source_id', '=', sourceId);
  q = subtree
    ? q.where('m.open_department_id', 'in', subtree)
    : q.where('m.open_department_id', '=', f.departmentId!);
  // Duplicates (a user in two departments of the subtree) are rare: read a few more rows.
  const rows = await q.limit(SPARSE_MEMBERS * 2 + 1).execute();
  if (rows.length > SPARSE_MEMBERS * 2) return undefined;
  const ids = [...new Set(rows.map((r) => r.user_id))];
  return ids.length <= SPARSE_MEMBERS ? ids : undefined;
}

function filtered(
  db: Kysely<Database>,
  sourceId: string,
  f: UserListFilter,
  memberIds: string[] | undefined,
) {
  let q = db.selectFrom('directory_users as u').where('u.source_id', '=', sourceId);
  if (memberIds) {
    q = q.where(sql<SqlBool>`u.id = any(${memberIds}::uuid[])`);
  } else if (hasDepartmentFilter(f)) {
    // Membership by user id (not by source first: the user index answers it in one probe).
    const subtree = departmentsOf(db, sourceId, f);
    q = q.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('directory_memberships as m')
          .select(sql`1`.as('one'))
          .whereRef('m.user_id', '=', 'u.id')
          .where((eb) =>
            subtree
              ? eb('m.open_department_id', 'in', subtree)
              : eb('m.open_department_id', '=', f.departmentId!),
          ),
      ),
    );
  }
  if (f.status) q = q.where('u.status', '=', f.status);
  if (f.q) q = q.where(searchCondition(f.q));
  return q;
}

/** Matching users, counted up to just past TOTAL_CAP. A large department is counted from its
 * memberships (each joined to its user by primary key), not by checking every user. */
async function countUsers(
  db: Kysely<Database>,
  sourceId: string,
  f: UserListFilter,
  base: ReturnType<typeof filtered>,
  memberIds: string[] | undefined,
): Promise<number> {
  if (!hasDepartmentFilter(f) || memberIds) {
    const row = await db
      .selectFrom(
        base
          .select(sql`1`.as('one'))
          .limit(TOTAL_CAP + 1)
          .as('capped'),
      )
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
  const subtree = departmentsOf(db, sourceId, f);
  let members = db
    .selectFrom('directory_memberships as m')
    .innerJoin('directory_users as u', 'u.id', 'm.user_id')
    .select('m.user_id')
    .where('m.source_id', '=', sourceId);
  members = subtree
    ? members.where('m.open_department_id', 'in', subtree)
    : members.where('m.open_department_id', '=', f.departmentId!);
  if (f.status) members = members.where('u.status', '=', f.status);
  if (f.q) members = members.where(searchCondition(f.q));
  // A user in two departments of the subtree is two rows: read twice the cap, count distinct.
  const limit = TOTAL_CAP * 2 + 2;
  const row = await db
    .selectFrom(members.limit(limit).as('capped'))
    .select([
      sql<number | string>`count(distinct capped.user_id)`.as('n'),
      sql<number | string>`count(*)`.as('rows'),
    ])
    .executeTakeFirstOrThrow();
  // Cut off at the limit: there are at least TOTAL_CAP + 1 distinct users or nearly so.
  return Number(row.rows) >= limit ? Math.max(Number(row.n), TOTAL_CAP + 1) : Number(row.n);
}

const hasDepartmentFilter = (f: UserListFilter) =>
  f.departmentId !== undefined && !(f.departmentId === ROOT_DEPARTMENT && f.subtree);

export async function pageUsers(
  db: Kysely<Database>,
  sourceId: string,
  req: UserPageRequest,
): Promise<UserPage> {
  const memberIds = hasDepartmentFilter(req) ? await memberIdsIfFew(db, sourceId, req) : undefined;
  const base = filtered(db, sourceId, req, memberIds);
  let rows = base.selectAll('u');
  if (req.after) {
    rows = rows.where(
      sql<SqlBool>`(u.name collate "C", u.id) > (${req.after.name}, ${req.after.id}::uuid)`,
    );
  }
  rows = rows
    .orderBy(sql`u.name collate "C"`)
    .orderBy('u.id')
    .limit(req.limit + 1);
  if (req.offset) rows = rows.offset(req.offset);
  const [found, n] = await Promise.all([
    rows.execute(),
    countUsers(db, sourceId, req, base, memberIds),
  ]);
  const items = found.slice(0, req.limit);
  const last = items.at(-1);
  return {
    items,
    next: found.length > req.limit && last ? { name: last.name, id: last.id } : null,
    total: Math.min(n, TOTAL_CAP),
    totalExact: n <= TOTAL_CAP,
  };
}

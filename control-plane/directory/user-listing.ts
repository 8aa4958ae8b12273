// The console's users list at 100,000 users: filters (department directly or with its
// subtree, status), prefix search over the fields an admin types (name, English name, email,
// user_id; open_id and union_id exactly; mobile by prefix with its country code), and keyset
// pages in (lower(name), id) order under the "C" collation (migration 0008 indexes exactly
// that, so a name prefix is a range of the same index the pages walk). A search is one branch
// per field, each ordered and cut to the page on its own index, merged by sort key: no branch
// reads more than a page. Totals are counted up to a cap: bounded work however large the org.
import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import { escapeLike } from '../storage/repositories/like.ts';
import type { Database, DirectoryStatus, DirectoryUserRow } from '../storage/schema.ts';

export const ROOT_DEPARTMENT = '0';
/** Totals above this are reported as "more than" (total_exact false). */
export const TOTAL_CAP = 10_000;
/** The same for searches: "more than 1,000 matches" says enough, and bounds the count. */
export const SEARCH_TOTAL_CAP = 1_000;
/** Numbered pages (offset) stop here; deeper lists page by cursor. */
export const MAX_OFFSET = 10_000;

/** A row's place in the order: lower(name) as the database computes it, then the id. */
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
  /** Counted on first pages only (null on pages after a cursor). */
  total: number | null;
  totalExact: boolean | null;
}

const PHONE = /^\+?[0-9][0-9 -]{2,19}$/;

const SORT = sql<string>`lower(u.name) collate "C"`;

/** One condition per searched field; each has an index of its own. */
function searchBranches(q: string): Expression<SqlBool>[] {
  const prefix = `${escapeLike(q.toLowerCase())}%`;
  const branches = [
    sql<SqlBool>`lower(u.name) collate "C" like ${prefix}`,
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
    branches.push(sql<SqlBool>`u.mobile collate "C" like ${`+${digits}%`}`);
  }
  return branches;
}

const afterKey = (after: UserSortKey) =>
  sql<SqlBool>`(lower(u.name) collate "C", u.id) > (${after.name}, ${after.id}::uuid)`;

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
    // Per user: its one or two memberships by the user index (not by source first, which
    // would read the source's every membership), and each one's department path by the
    // department's unique key, as a scalar subquery the planner cannot turn into a scan of the
    // subtree per user. Nothing in the check grows with the subtree, whatever plan the
    // statistics (or their absence on PGlite, which has no autovacuum) would lead to.
    const dept = f.departmentId!;
    const prefix = f.subtree && f.departmentPath ? `${escapeLike(f.departmentPath)}%` : undefined;
    q = q.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('directory_memberships as m')
          .select(sql`1`.as('one'))
          .whereRef('m.user_id', '=', 'u.id')
          .where(
            prefix
              ? sql<SqlBool>`(select d.path from directory_departments as d
                  where d.source_id = ${sourceId} and d.open_department_id = m.open_department_id)
                  like ${prefix}`
              : sql<SqlBool>`m.open_department_id = ${dept}`,
          ),
      ),
    );
  }
  if (f.status) q = q.where('u.status', '=', f.status);
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
    .select('m.user_id')
    .where('m.source_id', '=', sourceId);
  members = subtree
    ? members.where('m.open_department_id', 'in', subtree)
    : members.where('m.open_department_id', '=', f.departmentId!);
  // Memberships alone answer "how many", unless the status narrows it (one probe per member).
  if (f.status) {
    const status = f.status;
    members = members.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('directory_users as u')
          .select(sql`1`.as('one'))
          .whereRef('u.id', '=', 'm.user_id')
          .where('u.status', '=', status),
      ),
    );
  }
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
  if (req.q) return searchUsers(db, sourceId, req, req.q, memberIds);
  const base = filtered(db, sourceId, req, memberIds);
  let rows = base.selectAll('u').select(SORT.as('sort_key'));
  if (req.after) rows = rows.where(afterKey(req.after));
  rows = rows
    .orderBy(SORT)
    .orderBy('u.id')
    .limit(req.limit + 1);
  if (req.offset) rows = rows.offset(req.offset);
  // The total is the first page's news: later pages of the same list do not count again.
  const [found, n] = await Promise.all([
    rows.execute(),
    req.after ? null : countUsers(db, sourceId, req, base, memberIds),
  ]);
  const items = found.slice(0, req.limit);
  const last = items.at(-1);
  return {
    items: items.map(({ sort_key: _, ...u }) => u),
    next: found.length > req.limit && last ? { name: last.sort_key, id: last.id } : null,
    total: n === null ? null : Math.min(n, TOTAL_CAP),
    totalExact: n === null ? null : n <= TOTAL_CAP,
  };
}

async function searchUsers(
  db: Kysely<Database>,
  sourceId: string,
  req: UserPageRequest,
  q: string,
  memberIds: string[] | undefined,
): Promise<UserPage> {
  const wanted = (req.offset ?? 0) + req.limit + 1;
  const branch = (condition: Expression<SqlBool>) =>
    filtered(db, sourceId, req, memberIds).where(condition);
  const conditions = searchBranches(q);
  const pages = conditions.map((c) => {
    let b = branch(c).select([SORT.as('k'), 'u.id']);
    if (req.after) b = b.where(afterKey(req.after));
    return sql`(${b.orderBy(SORT).orderBy('u.id').limit(wanted)})`;
  });
  const counted = conditions.map(
    (c) =>
      sql`(${branch(c)
        .select('u.id')
        .limit(SEARCH_TOTAL_CAP + 1)})`,
  );
  const [keys, count] = await Promise.all([
    sql<{ k: string; id: string }>`select k, id from (${sql.join(pages, sql` union `)}) as t
      order by k collate "C", id limit ${req.limit + 1} offset ${req.offset ?? 0}`.execute(db),
    req.after
      ? null
      : sql<{
          n: number | string;
        }>`select count(*) as n from (${sql.join(counted, sql` union `)}) as t`.execute(db),
  ]);
  const page = keys.rows.slice(0, req.limit);
  const rows = page.length
    ? await db
        .selectFrom('directory_users')
        .selectAll()
        .where(
          'id',
          'in',
          page.map((r) => r.id),
        )
        .execute()
    : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  const last = page.at(-1);
  const n = count ? Number(count.rows[0]?.n ?? 0) : null;
  return {
    items: page.map((r) => byId.get(r.id)).filter((u) => u !== undefined),
    next: keys.rows.length > req.limit && last ? { name: last.k, id: last.id } : null,
    total: n === null ? null : Math.min(n, SEARCH_TOTAL_CAP),
    totalExact: n === null ? null : n <= SEARCH_TOTAL_CAP,
  };
}

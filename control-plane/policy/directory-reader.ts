// What the evaluator needs from the synced directory: the tenant's department tree (every
// source's, keyed by open_department_id, under the root "0"), one user as a PolicyUser (their
// departments and mapped attributes, read live), the stamp that says whether a compiled set is
// still current, and which named departments and users the directory does not know.
import { sql, type Kysely } from 'kysely';
import type {
  DepartmentNode,
  PolicyUser,
  UserAttributes,
} from '../../shared/domain/policy/index.ts';
import type { Database } from '../storage/schema.ts';
import '../storage/policy-tables.ts';

export const ROOT_DEPARTMENT = '0';

export interface PolicyStamp {
  /** Changes whenever the policies, applications, directory or tenant time zone change. */
  key: string;
  timeZone: string;
}

/** One query: the tenant's time zone, policy revision and directory versions. */
export async function policyStamp(
  db: Kysely<Database>,
  tenantId: string,
): Promise<PolicyStamp | undefined> {
  const row = await db
    .selectFrom('tenants as t')
    .leftJoin('policy_revisions as r', 'r.tenant_id', 't.id')
    .select([
      't.time_zone',
      'r.revision',
      sql<string>`(select coalesce(string_agg(s.id::text || ':' || s.directory_version::text, ',' order by s.id), '') from identity_sources s where s.tenant_id = t.id)`.as(
        'directory',
      ),
    ])
    .where('t.id', '=', tenantId)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    key: `${row.time_zone}|${String(row.revision ?? 0)}|${row.directory}`,
    timeZone: row.time_zone,
  };
}

export async function loadDepartmentTree(
  db: Kysely<Database>,
  tenantId: string,
): Promise<DepartmentNode[]> {
  const rows = await db
    .selectFrom('directory_departments as d')
    .innerJoin('identity_sources as s', 's.id', 'd.source_id')
    .select(['d.open_department_id', 'd.parent_open_department_id'])
    .where('s.tenant_id', '=', tenantId)
    .where('d.status', '=', 'active')
    .orderBy('d.open_department_id')
    .execute();
  const nodes: DepartmentNode[] = [{ id: ROOT_DEPARTMENT, parent_id: null }];
  const seen = new Set([ROOT_DEPARTMENT]);
  for (const r of rows) {
    // Two sources of one tenant could reuse an id; the first wins (ids are per Feishu tenant).
    if (seen.has(r.open_department_id)) continue;
    seen.add(r.open_department_id);
    nodes.push({
      id: r.open_department_id,
      parent_id: r.parent_open_department_id || ROOT_DEPARTMENT,
    });
  }
  return nodes;
}

export interface DirectoryPerson {
  user: PolicyUser;
  sourceId: string;
  name: string;
  email: string | null;
}

/** An active user of the tenant with their departments and attributes, or undefined. */
export async function loadPolicyUser(
  db: Kysely<Database>,
  tenantId: string,
  userId: string,
): Promise<DirectoryPerson | undefined> {
  return (await loadPolicyUsers(db, tenantId, [userId])).get(userId);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const BATCH = 1000;

/** Active users of the tenant by id (ids that are not, or not active, are left out). */
export async function loadPolicyUsers(
  db: Kysely<Database>,
  tenantId: string,
  userIds: readonly string[],
): Promise<Map<string, DirectoryPerson>> {
  const out = new Map<string, DirectoryPerson>();
  const ids = [...new Set(userIds)].filter((id) => UUID.test(id));
  for (let i = 0; i < ids.length; i += BATCH) {
    const rows = await db
      .selectFrom('directory_users as u')
      .innerJoin('identity_sources as s', 's.id', 'u.source_id')
      .select([
        'u.id',
        'u.source_id',
        'u.name',
        'u.email',
        'u.attributes',
        sql<
          string[] | null
        >`(select array_agg(m.open_department_id order by m.is_primary desc, m.open_department_id) from directory_memberships m where m.user_id = u.id)`.as(
          'departments',
        ),
      ])
      .where('u.id', 'in', ids.slice(i, i + BATCH))
      .where('s.tenant_id', '=', tenantId)
      .where('u.status', '=', 'active')
      .execute();
    for (const row of rows) out.set(row.id, personOf(row));
  }
  return out;
}

/**
 * Every active user of the tenant with a live client session, in two queries (users, then
 * memberships) however many there are: what a tenant-wide refresh diffs.
 */
export async function loadLiveSessionUsers(
  db: Kysely<Database>,
  tenantId: string,
  now: Date,
): Promise<Map<string, DirectoryPerson>> {
  const live = db
    .selectFrom('client_sessions as c')
    .select('c.user_id')
    .where('c.tenant_id', '=', tenantId)
    .where('c.revoked_at', 'is', null)
    .where('c.expires_at', '>', now);
  const [users, memberships] = await Promise.all([
    db
      .selectFrom('directory_users as u')
      .innerJoin('identity_sources as s', 's.id', 'u.source_id')
      .select(['u.id', 'u.source_id', 'u.name', 'u.email', 'u.attributes'])
      .where('s.tenant_id', '=', tenantId)
      .where('u.status', '=', 'active')
      .where('u.id', 'in', live)
      .execute(),
    db
      .selectFrom('directory_memberships as m')
      .select(['m.user_id', 'm.open_department_id'])
      .where('m.user_id', 'in', live)
      .orderBy('m.user_id')
      .orderBy('m.is_primary', 'desc')
      .orderBy('m.open_department_id')
      .execute(),
  ]);
  const departments = new Map<string, string[]>();
  for (const m of memberships) {
    const list = departments.get(m.user_id);
    if (list) list.push(m.open_department_id);
    else departments.set(m.user_id, [m.open_department_id]);
  }
  const out = new Map<string, DirectoryPerson>();
  for (const row of users) {
    out.set(row.id, personOf({ ...row, departments: departments.get(row.id) ?? [] }));
  }
  return out;
}

function personOf(row: {
  id: string;
  source_id: string;
  name: string;
  email: string | null;
  attributes: unknown;
  departments: string[] | null;
}): DirectoryPerson {
  const attributes =
    row.attributes && typeof row.attributes === 'object' && !Array.isArray(row.attributes)
      ? (row.attributes as UserAttributes)
      : {};
  return {
    user: { id: row.id, departmentIds: row.departments ?? [], attributes },
    sourceId: row.source_id,
    name: row.name,
    email: row.email,
  };
}

/** The named departments and users the tenant's directory does not have (active). */
export async function unknownSubjects(
  db: Kysely<Database>,
  tenantId: string,
  departmentIds: readonly string[],
  userIds: readonly string[],
): Promise<{ departments: string[]; users: string[] }> {
  const wantedDepartments = [...new Set(departmentIds)].filter((d) => d !== ROOT_DEPARTMENT);
  const wantedUsers = [...new Set(userIds)];
  const [depts, users] = await Promise.all([
    wantedDepartments.length
      ? db
          .selectFrom('directory_departments as d')
          .innerJoin('identity_sources as s', 's.id', 'd.source_id')
          .select('d.open_department_id')
          .where('s.tenant_id', '=', tenantId)
          .where('d.status', '=', 'active')
          .where('d.open_department_id', 'in', wantedDepartments)
          .execute()
      : [],
    wantedUsers.some((u) => UUID.test(u))
      ? db
          .selectFrom('directory_users as u')
          .innerJoin('identity_sources as s', 's.id', 'u.source_id')
          .select('u.id')
          .where('s.tenant_id', '=', tenantId)
          .where('u.status', '!=', 'deleted')
          .where(
            'u.id',
            'in',
            wantedUsers.filter((u) => UUID.test(u)),
          )
          .execute()
      : [],
  ]);
  const knownD = new Set(depts.map((d) => d.open_department_id));
  const knownU = new Set(users.map((u) => u.id));
  return {
    departments: wantedDepartments.filter((d) => !knownD.has(d)),
    users: wantedUsers.filter((u) => !knownU.has(u)),
  };
}

// Admin accounts and their sign-in counters. Listing and look-ups for management take a
// TenantScope; the session check and sign-in use the unscoped getAdminById / getAdminByEmail.
import { sql, type Insertable, type Kysely, type Updateable } from 'kysely';
import type { AdminRow, AdminsTable, Database } from '../schema.ts';
import type { TenantScope } from '../tenant-scope.ts';

export interface AdminListQuery {
  tenantId?: string;
  role?: AdminRow['role'];
  limit: number;
  offset: number;
}

export async function listAdmins(
  db: Kysely<Database>,
  scope: TenantScope,
  query: AdminListQuery,
): Promise<{ items: AdminRow[]; total: number }> {
  let base = db.selectFrom('admins');
  if (scope.kind === 'tenant') base = base.where('tenant_id', '=', scope.tenantId);
  if (query.tenantId) base = base.where('tenant_id', '=', query.tenantId);
  if (query.role) base = base.where('role', '=', query.role);
  const [items, count] = await Promise.all([
    base.selectAll().orderBy('email').limit(query.limit).offset(query.offset).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(count.n) };
}

export const countAdmins = async (db: Kysely<Database>): Promise<number> =>
  Number(
    (
      await db
        .selectFrom('admins')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

/** Locks the active platform admins' rows while counting them, so two admins demoting each
 *  other at the same moment cannot both see "another one is left". */
export const countActivePlatformAdmins = async (db: Kysely<Database>): Promise<number> =>
  (
    await db
      .selectFrom('admins')
      .select('id')
      .where('role', '=', 'platform_admin')
      .where('status', '=', 'active')
      .forUpdate()
      .execute()
  ).length;

export const getAdminById = (db: Kysely<Database>, id: string): Promise<AdminRow | undefined> =>
  db.selectFrom('admins').selectAll().where('id', '=', id).executeTakeFirst();

/** An admin the scope may see: any for the platform, only its own tenant's for a tenant. */
export const getAdminInScope = (
  db: Kysely<Database>,
  scope: TenantScope,
  id: string,
): Promise<AdminRow | undefined> => {
  let q = db.selectFrom('admins').selectAll().where('id', '=', id);
  if (scope.kind === 'tenant') q = q.where('tenant_id', '=', scope.tenantId);
  return q.executeTakeFirst();
};

export const getAdminByEmail = (
  db: Kysely<Database>,
  email: string,
): Promise<AdminRow | undefined> =>
  db.selectFrom('admins').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst();

export const insertAdmin = (
  db: Kysely<Database>,
  row: Insertable<AdminsTable>,
): Promise<AdminRow> =>
  db.insertInto('admins').values(row).returningAll().executeTakeFirstOrThrow();

export const updateAdmin = (
  db: Kysely<Database>,
  id: string,
  patch: Omit<Updateable<AdminsTable>, 'id' | 'created_at'>,
): Promise<AdminRow | undefined> =>
  db.updateTable('admins').set(patch).where('id', '=', id).returningAll().executeTakeFirst();

export async function deleteAdmin(db: Kysely<Database>, id: string): Promise<boolean> {
  const r = await db.deleteFrom('admins').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** Counts a failed sign-in atomically (parallel guesses cannot undercount) and locks the
 *  account for lockMs once maxFailures is reached; the counter then starts over. */
export async function recordFailedLogin(
  db: Kysely<Database>,
  id: string,
  now: Date,
  maxFailures: number,
  lockMs: number,
): Promise<{ lockedUntil: Date | null }> {
  const lockUntil = new Date(now.getTime() + lockMs);
  const row = await db
    .updateTable('admins')
    .set({
      failed_logins: sql<number>`case when failed_logins + 1 >= ${maxFailures} then 0 else failed_logins + 1 end`,
      locked_until: sql<Date | null>`case when failed_logins + 1 >= ${maxFailures} then ${lockUntil}::timestamptz else locked_until end`,
    })
    .where('id', '=', id)
    .returning(['locked_until'])
    .executeTakeFirst();
  return { lockedUntil: row?.locked_until && row.locked_until > now ? row.locked_until : null };
}

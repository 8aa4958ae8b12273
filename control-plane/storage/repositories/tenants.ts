// Tenant rows, always read through a TenantScope.
import type { Insertable, Kysely, Updateable } from 'kysely';
import type { Database, TenantRow, TenantsTable } from '../schema.ts';
import { whereInScope, type TenantScope } from '../tenant-scope.ts';
import { escapeLike } from './like.ts';

export interface TenantListQuery {
  q?: string;
  status?: TenantRow['status'];
  limit: number;
  offset: number;
}

export async function listTenants(
  db: Kysely<Database>,
  scope: TenantScope,
  query: TenantListQuery,
): Promise<{ items: TenantRow[]; total: number }> {
  let base = whereInScope(db.selectFrom('tenants'), 'tenants.id', scope);
  if (query.status) base = base.where('status', '=', query.status);
  if (query.q)
    base = base.where((eb) =>
      eb(eb.fn('lower', ['name']), 'like', `${escapeLike(query.q!.toLowerCase())}%`),
    );
  const [items, count] = await Promise.all([
    base
      .selectAll()
      .orderBy('name')
      .orderBy('id')
      .limit(query.limit)
      .offset(query.offset)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(count.n) };
}

export function getTenant(
  db: Kysely<Database>,
  scope: TenantScope,
  id: string,
): Promise<TenantRow | undefined> {
  return whereInScope(db.selectFrom('tenants'), 'tenants.id', scope)
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
}

export function getTenantByVerificationId(
  db: Kysely<Database>,
  verificationId: string,
): Promise<TenantRow | undefined> {
  return db
    .selectFrom('tenants')
    .selectAll()
    .where('verification_id', '=', verificationId)
    .executeTakeFirst();
}

export async function insertTenant(
  db: Kysely<Database>,
  row: Insertable<TenantsTable>,
): Promise<TenantRow> {
  return db.insertInto('tenants').values(row).returningAll().executeTakeFirstOrThrow();
}

export function updateTenant(
  db: Kysely<Database>,
  id: string,
  patch: Omit<Updateable<TenantsTable>, 'id' | 'created_at'>,
): Promise<TenantRow | undefined> {
  return db
    .updateTable('tenants')
    .set(patch)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

export async function deleteTenant(db: Kysely<Database>, id: string): Promise<boolean> {
  const r = await db.deleteFrom('tenants').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

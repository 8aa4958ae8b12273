// Identity source rows (secrets stay encrypted here; decryption is the caller's explicit act).
import { sql, type Kysely } from 'kysely';
import type {
  Database,
  IdentitySourceRow,
  IdentitySourceUpdate,
  NewIdentitySource,
} from '../schema.ts';
import { scopeAllows, type TenantScope } from '../tenant-scope.ts';

export interface SourceListQuery {
  status?: IdentitySourceRow['status'];
  limit: number;
  offset: number;
}

// A caller outside the tenant gets the empty set, never an error that confirms it exists.
const inTenant = (db: Kysely<Database>, scope: TenantScope, tenantId: string) =>
  db
    .selectFrom('identity_sources')
    .where('tenant_id', '=', tenantId)
    .where(sql<boolean>`${scopeAllows(scope, tenantId)}`);

export async function listSources(
  db: Kysely<Database>,
  scope: TenantScope,
  tenantId: string,
  query: SourceListQuery,
): Promise<{ items: IdentitySourceRow[]; total: number }> {
  let base = inTenant(db, scope, tenantId);
  if (query.status) base = base.where('status', '=', query.status);
  const [items, count] = await Promise.all([
    base
      .selectAll()
      .orderBy('created_at')
      .orderBy('id')
      .limit(query.limit)
      .offset(query.offset)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(count.n) };
}

export const getSource = (
  db: Kysely<Database>,
  scope: TenantScope,
  tenantId: string,
  id: string,
): Promise<IdentitySourceRow | undefined> =>
  inTenant(db, scope, tenantId).selectAll().where('id', '=', id).executeTakeFirst();

/** For machinery with no admin in the loop (event endpoint, scheduler): by id alone. */
export const getSourceById = (
  db: Kysely<Database>,
  id: string,
): Promise<IdentitySourceRow | undefined> =>
  db.selectFrom('identity_sources').selectAll().where('id', '=', id).executeTakeFirst();

export const insertSource = (
  db: Kysely<Database>,
  row: NewIdentitySource,
): Promise<IdentitySourceRow> =>
  db.insertInto('identity_sources').values(row).returningAll().executeTakeFirstOrThrow();

export async function updateSource(
  db: Kysely<Database>,
  scope: TenantScope,
  tenantId: string,
  id: string,
  patch: IdentitySourceUpdate,
): Promise<IdentitySourceRow | undefined> {
  if (!scopeAllows(scope, tenantId)) return undefined;
  return db
    .updateTable('identity_sources')
    .set(patch)
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

export async function deleteSource(
  db: Kysely<Database>,
  scope: TenantScope,
  tenantId: string,
  id: string,
): Promise<boolean> {
  if (!scopeAllows(scope, tenantId)) return false;
  const r = await db
    .deleteFrom('identity_sources')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

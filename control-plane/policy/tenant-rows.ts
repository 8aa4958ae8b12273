// The list / get / insert / update / delete queries that policy_applications and
// access_policies share: both are keyed by (tenant_id, id) and map rows to the shared model the
// same way, so one copy keeps the tenant condition in every query instead of one per table.
// Queries name the table as the union TenantRowTable: Kysely resolves the columns both tables
// have (tenant_id, id) on the union, which it cannot do on a still-generic table name.
import type { Expression, InsertObject, Insertable, Kysely } from 'kysely';
import type { Database } from '../storage/schema.ts';
import '../storage/policy-tables.ts';

/** Tables of this module whose rows are one model object each, keyed by (tenant_id, id). */
export type TenantRowTable = 'policy_applications' | 'access_policies';

type RowKeyAndTimes = 'tenant_id' | 'id' | 'created_at' | 'updated_at';

/** How one table's rows become model objects and back. */
export interface TenantRowMapping<T extends TenantRowTable, Model extends { id: string }, Row> {
  table: T;
  /** The list's first sort key (ties are broken by id). */
  listOrder: Expression<unknown>;
  ofRow: (row: Row) => Model;
  /** Every column but the key and the timestamps, which the helpers below set. */
  columns: (model: Model) => Omit<Insertable<Database[T]>, RowKeyAndTimes>;
}

export async function listTenantRows<T extends TenantRowTable, Model extends { id: string }, Row>(
  m: TenantRowMapping<T, Model, Row>,
  db: Kysely<Database>,
  tenantId: string,
): Promise<Model[]> {
  const rows = await db
    .selectFrom(m.table as TenantRowTable)
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .orderBy(m.listOrder)
    .orderBy('id')
    .execute();
  return rows.map((r) => m.ofRow(r as Row));
}

export async function getTenantRow<T extends TenantRowTable, Model extends { id: string }, Row>(
  m: TenantRowMapping<T, Model, Row>,
  db: Kysely<Database>,
  tenantId: string,
  id: string,
  lock: boolean,
): Promise<Model | undefined> {
  let q = db
    .selectFrom(m.table as TenantRowTable)
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id);
  if (lock) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  return row ? m.ofRow(row as Row) : undefined;
}

export async function insertTenantRow<T extends TenantRowTable, Model extends { id: string }, Row>(
  m: TenantRowMapping<T, Model, Row>,
  db: Kysely<Database>,
  tenantId: string,
  model: Model,
  now: Date,
): Promise<void> {
  const row = {
    tenant_id: tenantId,
    id: model.id,
    ...m.columns(model),
    created_at: now,
    updated_at: now,
  };
  // TypeScript cannot see that the key, the timestamps and `columns` (checked against the
  // concrete table where each mapping is declared) make a whole row of a generic table.
  await db
    .insertInto(m.table)
    .values(row as unknown as InsertObject<Database, T>)
    .execute();
}

export async function updateTenantRow<T extends TenantRowTable, Model extends { id: string }, Row>(
  m: TenantRowMapping<T, Model, Row>,
  db: Kysely<Database>,
  tenantId: string,
  model: Model,
  now: Date,
): Promise<void> {
  await db
    .updateTable(m.table as TenantRowTable)
    .set({ ...m.columns(model), updated_at: now })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', model.id)
    .execute();
}

export async function deleteTenantRow<T extends TenantRowTable>(
  table: T,
  db: Kysely<Database>,
  tenantId: string,
  id: string,
): Promise<void> {
  await db
    .deleteFrom(table as TenantRowTable)
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
}

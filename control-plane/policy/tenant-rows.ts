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
type Db = Kysely<Database>;

/** How one table's rows become model objects and back. */
export interface TenantRowMapping<T extends TenantRowTable, Model extends { id: string }, Row> {
  table: T;
  /** The list's first sort key (ties are broken by id). */
  listOrder: Expression<unknown>;
  ofRow: (row: Row) => Model;
  /** Every column but the key and the timestamps, which the queries below set. */
  columns: (model: Model) => Omit<Insertable<Database[T]>, RowKeyAndTimes>;
}

/** One table's queries; every one is limited to the given tenant's rows. */
export interface TenantRows<Model extends { id: string }> {
  list(db: Db, tenantId: string): Promise<Model[]>;
  /** `lock` takes the row FOR UPDATE (inside a change's transaction). */
  get(db: Db, tenantId: string, id: string, lock?: boolean): Promise<Model | undefined>;
  insert(db: Db, tenantId: string, model: Model, now: Date): Promise<void>;
  update(db: Db, tenantId: string, model: Model, now: Date): Promise<void>;
  delete(db: Db, tenantId: string, id: string): Promise<void>;
}

export function tenantRows<T extends TenantRowTable, Model extends { id: string }, Row>(
  m: TenantRowMapping<T, Model, Row>,
): TenantRows<Model> {
  const table: TenantRowTable = m.table;
  return {
    async list(db, tenantId) {
      const rows = await db
        .selectFrom(table)
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .orderBy(m.listOrder)
        .orderBy('id')
        .execute();
      return rows.map((r) => m.ofRow(r as Row));
    },

    async get(db, tenantId, id, lock = false) {
      let q = db
        .selectFrom(table)
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('id', '=', id);
      if (lock) q = q.forUpdate();
      const row = await q.executeTakeFirst();
      return row ? m.ofRow(row as Row) : undefined;
    },

    async insert(db, tenantId, model, now) {
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
    },

    async update(db, tenantId, model, now) {
      await db
        .updateTable(table)
        .set({ ...m.columns(model), updated_at: now })
        .where('tenant_id', '=', tenantId)
        .where('id', '=', model.id)
        .execute();
    },

    async delete(db, tenantId, id) {
      await db.deleteFrom(table).where('tenant_id', '=', tenantId).where('id', '=', id).execute();
    },
  };
}

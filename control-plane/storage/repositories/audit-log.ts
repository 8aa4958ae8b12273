// The audit trail: appended inside the transaction of the change it records, listed newest
// first with keyset pagination (stable while new entries arrive).
import type { Insertable, Kysely } from 'kysely';
import type { AuditLogTable, AuditRow, Database } from '../schema.ts';
import type { TenantScope } from '../tenant-scope.ts';

export type NewAuditEntry = Insertable<AuditLogTable>;

export const insertAudit = (db: Kysely<Database>, entry: NewAuditEntry) =>
  db.insertInto('audit_log').values(entry).execute();

export interface AuditQuery {
  tenantId?: string;
  actorId?: string;
  action?: string;
  targetType?: string;
  targetId?: string;
  from?: Date;
  to?: Date;
  /** Entries older than this id (the previous page's next_cursor). */
  beforeId?: number;
  limit: number;
}

export async function listAudit(
  db: Kysely<Database>,
  scope: TenantScope,
  query: AuditQuery,
): Promise<{ items: AuditRow[]; nextCursor: number | null }> {
  let q = db.selectFrom('audit_log').selectAll();
  if (scope.kind === 'tenant') q = q.where('tenant_id', '=', scope.tenantId);
  if (query.tenantId) q = q.where('tenant_id', '=', query.tenantId);
  if (query.actorId) q = q.where('actor_id', '=', query.actorId);
  if (query.action) {
    // "source.*" lists every action of an area.
    q = query.action.endsWith('.*')
      ? q.where(
          'action',
          'like',
          `${query.action.slice(0, -1).replace(/[\\%_]/g, (c) => `\\${c}`)}%`,
        )
      : q.where('action', '=', query.action);
  }
  if (query.targetType) q = q.where('target_type', '=', query.targetType);
  if (query.targetId) q = q.where('target_id', '=', query.targetId);
  if (query.from) q = q.where('at', '>=', query.from);
  if (query.to) q = q.where('at', '<', query.to);
  if (query.beforeId !== undefined) q = q.where('id', '<', query.beforeId);
  const rows = await q
    .orderBy('id', 'desc')
    .limit(query.limit + 1)
    .execute();
  const items = rows.slice(0, query.limit);
  return { items, nextCursor: rows.length > query.limit ? items.at(-1)!.id : null };
}

// The pending changes of a held run: one row per change (who would be created, updated,
// disabled, deleted), written in batches, listed page by page for the console, and read back
// whole as the exact change set an approval applies.
import type { Kysely } from 'kysely';
import { emptyChangeSet, type DirectoryChangeSet } from '../directory/change-set.ts';
import {
  json,
  type Database,
  type PendingChangeAction,
  type PendingChangeEntity,
} from '../storage/schema.ts';

const BATCH = 1000;

interface Row {
  entity: PendingChangeEntity;
  action: PendingChangeAction;
  target_id: string | null;
  open_id: string;
  name: string;
  reason: string | null;
  payload: unknown;
}

function rowsOf(cs: DirectoryChangeSet): Row[] {
  const rows: Row[] = [];
  const d = cs.departments;
  for (const x of d.create)
    rows.push({
      entity: 'department',
      action: 'create',
      target_id: null,
      open_id: x.openDepartmentId,
      name: x.name,
      reason: null,
      payload: x,
    });
  for (const x of d.update)
    rows.push({
      entity: 'department',
      action: 'update',
      target_id: x.id,
      open_id: x.openDepartmentId,
      name: x.name,
      reason: null,
      payload: x,
    });
  for (const x of d.delete)
    rows.push({
      entity: 'department',
      action: 'delete',
      target_id: x.id,
      open_id: x.openDepartmentId,
      name: x.name,
      reason: null,
      payload: x,
    });
  const u = cs.users;
  for (const x of u.create)
    rows.push({
      entity: 'user',
      action: 'create',
      target_id: null,
      open_id: x.openId,
      name: x.name,
      reason: null,
      payload: x,
    });
  for (const x of u.update)
    rows.push({
      entity: 'user',
      action: 'update',
      target_id: x.id,
      open_id: x.record.openId,
      name: x.record.name,
      reason: null,
      payload: x,
    });
  for (const x of u.disable)
    rows.push({
      entity: 'user',
      action: 'disable',
      target_id: x.id,
      open_id: x.openId,
      name: x.name,
      reason: x.reason,
      payload: x,
    });
  for (const x of u.delete)
    rows.push({
      entity: 'user',
      action: 'delete',
      target_id: x.id,
      open_id: x.openId,
      name: x.name,
      reason: null,
      payload: x,
    });
  return rows;
}

export async function storePendingChanges(
  db: Kysely<Database>,
  runId: string,
  cs: DirectoryChangeSet,
): Promise<number> {
  const rows = rowsOf(cs);
  for (let i = 0; i < rows.length; i += BATCH) {
    await db
      .insertInto('sync_pending_changes')
      .values(
        rows.slice(i, i + BATCH).map((r, j) => ({
          run_id: runId,
          seq: i + j,
          ...r,
          payload: json(r.payload),
        })),
      )
      .execute();
  }
  return rows.length;
}

export async function loadPendingChangeSet(
  db: Kysely<Database>,
  runId: string,
  sourceId: string,
): Promise<DirectoryChangeSet> {
  const cs = emptyChangeSet(sourceId);
  const rows = await db
    .selectFrom('sync_pending_changes')
    .select(['entity', 'action', 'payload'])
    .where('run_id', '=', runId)
    .orderBy('seq')
    .execute();
  for (const r of rows) {
    const p = r.payload as never;
    if (r.entity === 'department') {
      if (r.action === 'create') cs.departments.create.push(p);
      else if (r.action === 'update') cs.departments.update.push(p);
      else if (r.action === 'delete') cs.departments.delete.push(p);
    } else if (r.action === 'create') cs.users.create.push(p);
    else if (r.action === 'update') cs.users.update.push(p);
    else if (r.action === 'disable') cs.users.disable.push(p);
    else cs.users.delete.push(p);
  }
  return cs;
}

/** Ids of the users and departments a held run would remove (what an approval allows). */
export async function approvedRemovals(db: Kysely<Database>, runId: string) {
  const rows = await db
    .selectFrom('sync_pending_changes')
    .select(['entity', 'target_id'])
    .where('run_id', '=', runId)
    .where('action', 'in', ['disable', 'delete'])
    .execute();
  const userIds = new Set<string>();
  const departmentIds = new Set<string>();
  for (const r of rows) {
    if (!r.target_id) continue;
    (r.entity === 'user' ? userIds : departmentIds).add(r.target_id);
  }
  return { userIds, departmentIds };
}

export interface PendingChangeQuery {
  entity?: PendingChangeEntity;
  actions?: PendingChangeAction[];
  limit: number;
  offset: number;
}

export async function listPendingChanges(
  db: Kysely<Database>,
  runId: string,
  q: PendingChangeQuery,
) {
  let base = db.selectFrom('sync_pending_changes').where('run_id', '=', runId);
  if (q.entity) base = base.where('entity', '=', q.entity);
  if (q.actions?.length) base = base.where('action', 'in', q.actions);
  const [items, count] = await Promise.all([
    base
      .select(['seq', 'entity', 'action', 'target_id', 'open_id', 'name', 'reason'])
      .orderBy('seq')
      .limit(q.limit)
      .offset(q.offset)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(count.n) };
}

/** How many changes of each kind a held run holds. */
export async function pendingSummary(db: Kysely<Database>, runId: string) {
  const rows = await db
    .selectFrom('sync_pending_changes')
    .select(['entity', 'action', (eb) => eb.fn.countAll<number>().as('n')])
    .where('run_id', '=', runId)
    .groupBy(['entity', 'action'])
    .execute();
  const out: Record<string, Record<string, number>> = { user: {}, department: {} };
  for (const r of rows) out[r.entity]![r.action] = Number(r.n);
  return out;
}

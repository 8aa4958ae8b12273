// The pending changes of a held run: one row per change (who would be created, updated,
// disabled, deleted), written in batches, listed page by page for the console, and read back
// whole as the exact change set an approval applies. A full sync's change set names staged users:
// their records are read from the stage a batch at a time, so a payload is always a whole record.
import type { Kysely } from 'kysely';
import {
  emptyChangeSet,
  type DirectoryChangeSet,
  type UserRecord,
} from '../directory/change-set.ts';
import type { StagedUser } from '../directory/staged-user.ts';
import {
  json,
  type Database,
  type PendingChangeAction,
  type PendingChangeEntity,
} from '../storage/schema.ts';

const BATCH = 1000;

interface Row<R = UserRecord> {
  entity: PendingChangeEntity;
  action: PendingChangeAction;
  target_id: string | null;
  open_id: string;
  name: string;
  reason: string | null;
  payload: unknown;
  /** The user whose record the payload carries (create, update, disable of a listed user). */
  user?: R;
}

function rowsOf<R extends { openId: string; name: string }>(cs: DirectoryChangeSet<R>): Row<R>[] {
  const rows: Row<R>[] = [];
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
      user: x,
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
      user: x.record,
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
      user: x.record,
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

export function storePendingChanges(
  db: Kysely<Database>,
  runId: string,
  cs: DirectoryChangeSet,
): Promise<number> {
  return storeRows(db, runId, rowsOf(cs));
}

/**
 * The pending changes of a change set of staged users: each batch's records are read from the
 * stage (`records`) and stored whole, as if the change set had held them.
 */
export function storeStagedPendingChanges(
  db: Kysely<Database>,
  runId: string,
  cs: DirectoryChangeSet<StagedUser>,
  records: (openIds: string[]) => Promise<Map<string, UserRecord>>,
): Promise<number> {
  return storeRows(db, runId, rowsOf(cs), async (batch) => {
    const found = await records(batch.flatMap((r) => (r.user ? [r.user.openId] : [])));
    const recordOf = (u: StagedUser) => {
      const record = found.get(u.openId);
      if (!record) throw new Error(`staged user ${u.openId} is missing`);
      return record;
    };
    return batch.map((r) => {
      if (!r.user) return r;
      const p = r.payload as Record<string, unknown>;
      const payload = r.action === 'create' ? recordOf(r.user) : { ...p, record: recordOf(r.user) };
      return { ...r, payload };
    });
  });
}

async function storeRows<R>(
  db: Kysely<Database>,
  runId: string,
  rows: Row<R>[],
  resolve: (batch: Row<R>[]) => Promise<Row<R>[]> = async (b) => b,
): Promise<number> {
  for (let i = 0; i < rows.length; i += BATCH) {
    const batch = await resolve(rows.slice(i, i + BATCH));
    await db
      .insertInto('sync_pending_changes')
      .values(
        batch.map(({ user: _user, ...r }, j) => ({
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

// Holding event removals like a sync run is held: a blocked sync run (trigger event_reconcile,
// hold reason EVENT_BURST_HELD) collects the change of every removing event while it is open,
// as pending changes an admin reviews, then approves or discards like any held run. Nothing of a
// held event is applied. A hold stays open until an admin decides; later removing events join it.
import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { DirectoryChangeSet } from '../directory/change-set.ts';
import type { ThresholdBreach } from '../directory/deletion-protection.ts';
import {
  json,
  type Database,
  type PendingChangeAction,
  type PendingChangeEntity,
} from '../storage/schema.ts';

export const EVENT_BURST_REASON = 'EVENT_BURST_HELD';

interface PendingRow {
  entity: PendingChangeEntity;
  action: PendingChangeAction;
  target_id: string | null;
  open_id: string;
  name: string;
  reason: string | null;
  payload: unknown;
}

/** The change set as pending-change rows, in the order it would be applied. */
export function pendingRowsOf(cs: DirectoryChangeSet): PendingRow[] {
  const rows: PendingRow[] = [];
  for (const d of cs.departments.create)
    rows.push({
      entity: 'department',
      action: 'create',
      target_id: null,
      open_id: d.openDepartmentId,
      name: d.name,
      reason: null,
      payload: d,
    });
  for (const d of cs.departments.update)
    rows.push({
      entity: 'department',
      action: 'update',
      target_id: d.id,
      open_id: d.openDepartmentId,
      name: d.name,
      reason: null,
      payload: d,
    });
  for (const d of cs.departments.delete)
    rows.push({
      entity: 'department',
      action: 'delete',
      target_id: d.id,
      open_id: d.openDepartmentId,
      name: d.name,
      reason: null,
      payload: d,
    });
  for (const u of cs.users.create)
    rows.push({
      entity: 'user',
      action: 'create',
      target_id: null,
      open_id: u.openId,
      name: u.name,
      reason: null,
      payload: u,
    });
  for (const u of cs.users.update)
    rows.push({
      entity: 'user',
      action: 'update',
      target_id: u.id,
      open_id: u.record.openId,
      name: u.record.name,
      reason: null,
      payload: u,
    });
  for (const u of cs.users.disable)
    rows.push({
      entity: 'user',
      action: 'disable',
      target_id: u.id,
      open_id: u.openId,
      name: u.name,
      reason: u.reason,
      payload: u,
    });
  for (const u of cs.users.delete)
    rows.push({
      entity: 'user',
      action: 'delete',
      target_id: u.id,
      open_id: u.openId,
      name: u.name,
      reason: null,
      payload: u,
    });
  return rows;
}

/** The open event hold of a source (a blocked run holding event removals), if any. */
export async function openEventHold(
  db: Kysely<Database>,
  sourceId: string,
): Promise<{ id: string } | undefined> {
  return db
    .selectFrom('sync_runs')
    .select('id')
    .where('source_id', '=', sourceId)
    .where('status', '=', 'blocked')
    .where('trigger', '=', 'event_reconcile')
    .where(sql<boolean>`hold_reasons @> ${json([{ code: EVENT_BURST_REASON }])}::jsonb`)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export interface HoldInput {
  sourceId: string;
  tenantId: string;
  changeSet: DirectoryChangeSet;
  breaches: ThresholdBreach[];
  windowMinutes: number;
  /** The directory version the change was computed from. */
  baseVersion: number;
  now: Date;
}

/**
 * Adds the change to the open hold, or opens one (approvable: the sync service's approve applies
 * the pending changes as they are if the directory is still at base_directory_version, else it
 * queues a full sync allowed to remove what was held). Runs inside the caller's transaction (which
 * also marks the event held), after taking the source's row lock so two replicas do not open two.
 */
export async function holdEventChange(trx: Kysely<Database>, input: HoldInput): Promise<string> {
  await trx
    .selectFrom('identity_sources')
    .select('id')
    .where('id', '=', input.sourceId)
    .forUpdate()
    .executeTakeFirst();
  let runId = (await openEventHold(trx, input.sourceId))?.id;
  if (!runId) {
    runId = randomUUID();
    await trx
      .insertInto('sync_runs')
      .values({
        id: runId,
        source_id: input.sourceId,
        tenant_id: input.tenantId,
        trigger: 'event_reconcile',
        status: 'blocked',
        counts: json({}),
        // No started_at: nothing was read from Feishu (a full sync's start orders later events).
        created_at: input.now,
        base_directory_version: input.baseVersion,
        hold_reasons: json([
          {
            code: EVENT_BURST_REASON,
            params: { windowMinutes: input.windowMinutes },
            approvable: true,
            breaches: input.breaches.map((b) => ({ kind: b.kind, count: b.count, limit: b.limit })),
          },
        ]),
      })
      .execute();
  } else {
    // Approving applies the held changes as they are only while nothing else changed the
    // directory since they were computed; a change computed on another version forces a recompute.
    await trx
      .updateTable('sync_runs')
      .set({
        base_directory_version: sql<
          number | null
        >`case when base_directory_version = ${input.baseVersion} then base_directory_version end`,
      })
      .where('id', '=', runId)
      .execute();
  }
  const last = await trx
    .selectFrom('sync_pending_changes')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .where('run_id', '=', runId)
    .executeTakeFirst();
  let seq = Number(last?.seq ?? 0);
  const rows = pendingRowsOf(input.changeSet).map((r) => ({
    run_id: runId,
    seq: ++seq,
    ...r,
    payload: json(r.payload),
  }));
  if (rows.length) await trx.insertInto('sync_pending_changes').values(rows).execute();
  await recount(trx, runId);
  return runId;
}

/** The held run's counts per kind, like a sync run's, from its pending rows. */
async function recount(trx: Kysely<Database>, runId: string): Promise<void> {
  const rows = await trx
    .selectFrom('sync_pending_changes')
    .select(['entity', 'action', (eb) => eb.fn.countAll<number>().as('n')])
    .where('run_id', '=', runId)
    .groupBy(['entity', 'action'])
    .execute();
  const counts: Record<string, Record<string, number>> = { users: {}, departments: {} };
  const past = { create: 'created', update: 'updated', disable: 'disabled', delete: 'deleted' };
  for (const r of rows)
    counts[r.entity === 'user' ? 'users' : 'departments']![past[r.action]] = Number(r.n);
  await trx
    .updateTable('sync_runs')
    .set({ counts: json(counts) })
    .where('id', '=', runId)
    .execute();
}

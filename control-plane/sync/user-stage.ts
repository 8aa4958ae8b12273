// Where a full sync keeps the users it fetches: the run's rows in sync_staged_users and
// sync_staged_memberships (migration 0007), written a batch at a time while the pages arrive, so
// the process never holds the whole org (100k records were ~110 MB live and twice that in heap).
// The differ then reads back only what it compares (keys, status, hashes, the matching value),
// the apply copies changed rows inside the database, and a held run reads the few records its
// pending changes show. The rows go when the run ends; a killed run's rows go with the next run.
import { sql, type Kysely } from 'kysely';
import type { DisableReason, UserRecord } from '../directory/change-set.ts';
import { JsonRows, stageUsers } from '../directory/directory-writes.ts';
import type { StagedUser } from '../directory/staged-user.ts';
import type { Database } from '../storage/schema.ts';

const asText = (v: unknown): string | null =>
  typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : null;

/**
 * Users per staging statement. Small on purpose: a queued record outlives a few young-generation
 * collections and is promoted, so the longer records wait for their batch, the more old-space
 * garbage V8 lets pile up before collecting it (sync-full on 100k at load 14: batches of 2,000
 * peaked at 434/450 MiB, batches of 250 at 415/426 MiB, first run/re-run).
 */
export const STAGE_BATCH = 250;

export interface UserStage {
  /** Queues a user; resolves once the batch holding it is written when it filled one. */
  add(user: UserRecord): Promise<void>;
  /** Writes what is queued; resolves when every batch is written. */
  flush(): Promise<void>;
  /** Users staged (queued or written). */
  readonly size: number;
}

/** Staging statements in flight at once (each on its own connection, with its own buffer). */
export const STAGE_LANES = 2;

/**
 * A stage for one run. `matchField` is the Feishu field of the source's matching rule (its value
 * is kept as text next to the row). Batches go round the lanes; within a lane a batch waits for
 * the one before, so at most STAGE_LANES batches are written while the next ones fill.
 */
export function createUserStage(
  db: Kysely<Database>,
  runId: string,
  matchField: string | undefined,
  batchSize = STAGE_BATCH,
): UserStage {
  let queued: UserRecord[] = [];
  let size = 0;
  let next = 0;
  const lanes = Array.from({ length: STAGE_LANES }, () => ({
    writing: Promise.resolve(),
    buffer: new JsonRows(),
  }));
  const write = (batch: UserRecord[]) => {
    const lane = lanes[next++ % lanes.length]!;
    lane.writing = lane.writing.then(() =>
      stageUsers(
        db,
        runId,
        batch.map((record) => ({
          record,
          matchValue: matchField === undefined ? null : asText(record.profile[matchField]),
        })),
        lane.buffer,
      ),
    );
    return lane.writing;
  };
  return {
    add(user) {
      queued.push(user);
      size += 1;
      if (queued.length < batchSize) return Promise.resolve();
      const batch = queued;
      queued = [];
      return write(batch);
    },
    async flush() {
      const batch = queued;
      queued = [];
      if (batch.length) await write(batch);
      await Promise.all(lanes.map((l) => l.writing));
    },
    get size() {
      return size;
    },
  };
}

/**
 * What the differ compares of the staged users of a run, read in pages in open_id order, except
 * those the source's directory holds unchanged (loadDirectorySnapshot leaves out the same pairs).
 * Rows come back already shaped as StagedUsers (no copy of 100k objects).
 */
export async function readStagedFacts(
  db: Kysely<Database>,
  runId: string,
  sourceId: string,
  pageSize = 10_000,
): Promise<StagedUser[]> {
  const out: StagedUser[] = [];
  let after = '';
  for (;;) {
    const { rows } = await sql<StagedUser>`
      select s.open_id as "openId", s.union_id as "unionId", s.name, s.status,
        s.disabled_reason as "disabledReason", s.content_hash as "contentHash",
        s.access_hash as "accessHash", s.match_value as "matchValue"
      from sync_staged_users s
      where s.run_id = ${runId}::uuid and s.open_id > ${after}
        and not exists (select 1 from directory_users d
          where d.source_id = ${sourceId}::uuid and d.open_id = s.open_id
            and d.union_id = s.union_id and d.status = s.status
            and d.disabled_reason is not distinct from s.disabled_reason
            and d.content_hash = s.content_hash)
      order by s.open_id
      limit ${pageSize}`.execute(db);
    for (const r of rows) out.push(r);
    if (rows.length < pageSize) return out;
    after = rows[rows.length - 1]!.openId;
  }
}

interface RecordRow {
  open_id: string;
  union_id: string;
  user_id: string | null;
  username: string | null;
  name: string;
  en_name: string | null;
  email: string | null;
  mobile: string | null;
  employee_no: string | null;
  status: 'active' | 'disabled';
  disabled_reason: DisableReason | null;
  feishu_status: Record<string, boolean>;
  profile: Record<string, unknown>;
  attributes: Record<string, unknown>;
  leader_open_id: string | null;
  source_updated_at: Date | string | null;
  memberships: {
    open_department_id: string;
    is_primary: boolean;
    user_order: number | string;
    department_order: number | string;
  }[];
}

/** The staged records of some users of a run (a held run's pending changes show them). */
export async function readStagedRecords(
  db: Kysely<Database>,
  runId: string,
  openIds: readonly string[],
): Promise<Map<string, UserRecord>> {
  const out = new Map<string, UserRecord>();
  if (openIds.length === 0) return out;
  const { rows } = await sql<RecordRow>`
    select s.open_id, s.union_id, s.user_id, s.username, s.name, s.en_name, s.email, s.mobile,
      s.employee_no, s.status, s.disabled_reason, s.feishu_status, s.profile, s.attributes,
      s.leader_open_id, s.source_updated_at,
      coalesce((select json_agg(json_build_object('open_department_id', m.open_department_id,
          'is_primary', m.is_primary, 'user_order', m.user_order,
          'department_order', m.department_order) order by m.department_order, m.open_department_id)
        from sync_staged_memberships m
        where m.run_id = s.run_id and m.open_id = s.open_id), '[]'::json) as memberships
    from sync_staged_users s
    where s.run_id = ${runId}::uuid and s.open_id = any(${[...openIds]}::text[])`.execute(db);
  for (const r of rows) {
    out.set(r.open_id, {
      openId: r.open_id,
      unionId: r.union_id,
      userId: r.user_id,
      username: r.username,
      name: r.name,
      enName: r.en_name,
      email: r.email,
      mobile: r.mobile,
      employeeNo: r.employee_no,
      status: r.status,
      disabledReason: r.disabled_reason,
      feishuStatus: r.feishu_status,
      profile: r.profile,
      attributes: r.attributes,
      leaderOpenId: r.leader_open_id,
      memberships: r.memberships.map((m) => ({
        openDepartmentId: m.open_department_id,
        isPrimary: m.is_primary,
        userOrder: Number(m.user_order),
        departmentOrder: Number(m.department_order),
      })),
      sourceUpdatedAt:
        r.source_updated_at instanceof Date
          ? r.source_updated_at.toISOString()
          : r.source_updated_at,
    });
  }
  return out;
}

/**
 * Users of the source's directory the run did not stage (Feishu no longer lists them), except
 * those deleted or resigned already: at most `limit`, to be looked up by id.
 */
export async function unlistedUsers(
  db: Kysely<Database>,
  runId: string,
  sourceId: string,
  limit: number,
): Promise<string[]> {
  const { rows } = await sql<{ open_id: string }>`
    select d.open_id from directory_users d
    where d.source_id = ${sourceId}::uuid and d.status <> 'deleted'
      and not (d.status = 'disabled' and d.disabled_reason = 'resigned')
      and not exists (select 1 from sync_staged_users s
        where s.run_id = ${runId}::uuid and s.open_id = d.open_id)
    order by d.open_id
    limit ${limit}`.execute(db);
  return rows.map((r) => r.open_id);
}

/**
 * Fresh planner statistics for the stage and the directory it is compared with: without them a
 * stage the planner believes empty (its rows came a moment ago) is scanned once per directory
 * row, which on 100k users takes hours instead of a second.
 */
export async function analyzeStage(db: Kysely<Database>): Promise<void> {
  await sql`analyze sync_staged_users, sync_staged_memberships, directory_users`.execute(db);
}

/** Drops a run's staged rows. */
export async function clearStage(db: Kysely<Database>, runId: string): Promise<void> {
  await sql`delete from sync_staged_users where run_id = ${runId}::uuid`.execute(db);
  await sql`delete from sync_staged_memberships where run_id = ${runId}::uuid`.execute(db);
}

/** Drops the staged rows of runs that are no longer queued or running (killed mid-way). */
export async function clearAbandonedStages(db: Kysely<Database>): Promise<void> {
  for (const table of [sql`sync_staged_users`, sql`sync_staged_memberships`]) {
    await sql`
      delete from ${table} s
      where not exists (select 1 from sync_runs r
        where r.id = s.run_id and r.status in ('queued', 'running'))`.execute(db);
  }
}

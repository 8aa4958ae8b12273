// The directory's bulk writes, 2,000 rows per statement. Rows travel as one array per column
// into unnest(), or (users on PostgreSQL) as one JSON document of rows into jsonb_to_recordset():
// a statement has a handful of parameters whatever its size, so it is parsed and planned once
// (multi-row VALUES would need 25 parameters per row). Callers run these inside the apply
// transaction.
import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type QueryResult, type RawBuilder } from 'kysely';
import { isEmbedded } from '../storage/embedded-engine.ts';
import type { Database, UserDisabledReason } from '../storage/schema.ts';
import {
  copyUserRecord,
  type DepartmentRecord,
  type MembershipRecord,
  type UserRecord,
} from './change-set.ts';
import { departmentHash, userAccessHash, userContentHash } from './record-hash.ts';

export const WRITE_BATCH = 2000;

const chunks = <T>(items: readonly T[], size = WRITE_BATCH): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
};

/** Column arrays of a batch: each picks one field of every item. */
const column = <T, V>(items: readonly T[], pick: (item: T) => V): V[] => items.map(pick);

export async function upsertDepartments(
  db: Kysely<Database>,
  sourceId: string,
  records: readonly DepartmentRecord[],
  now: Date,
): Promise<void> {
  for (const b of chunks(records)) {
    await sql`
      insert into directory_departments (id, source_id, open_department_id, department_id, name,
        i18n_name, parent_open_department_id, path, leader_open_id, sort_order, status,
        created_at, updated_at, deleted_at, content_hash)
      select v.id, ${sourceId}::uuid, v.open_department_id, v.department_id, v.name,
        v.i18n_name::jsonb, v.parent, v.path, v.leader, v.sort_order, 'active',
        ${now}::timestamptz, ${now}::timestamptz, null, v.content_hash
      from unnest(
        ${column(b, () => randomUUID())}::uuid[],
        ${column(b, (d) => d.openDepartmentId)}::text[],
        ${column(b, (d) => d.departmentId)}::text[],
        ${column(b, (d) => d.name)}::text[],
        ${column(b, (d) => JSON.stringify(d.i18nName))}::text[],
        ${column(b, (d) => d.parentOpenDepartmentId)}::text[],
        ${column(b, (d) => d.path)}::text[],
        ${column(b, (d) => d.leaderOpenId)}::text[],
        ${column(b, (d) => d.sortOrder)}::bigint[],
        ${column(b, (d) => departmentHash(d))}::text[]
      ) as v(id, open_department_id, department_id, name, i18n_name, parent, path, leader,
        sort_order, content_hash)
      on conflict (source_id, open_department_id) do update set
        department_id = excluded.department_id, name = excluded.name,
        i18n_name = excluded.i18n_name, parent_open_department_id = excluded.parent_open_department_id,
        path = excluded.path, leader_open_id = excluded.leader_open_id,
        sort_order = excluded.sort_order, status = 'active', updated_at = excluded.updated_at,
        deleted_at = null, content_hash = excluded.content_hash`.execute(db);
  }
}

export async function markDepartmentsDeleted(
  db: Kysely<Database>,
  sourceId: string,
  departments: readonly { id: string; openDepartmentId: string }[],
  now: Date,
): Promise<void> {
  for (const b of chunks(departments)) {
    await sql`
      update directory_departments
      set status = 'deleted', deleted_at = ${now}::timestamptz, updated_at = ${now}::timestamptz,
        content_hash = null
      where source_id = ${sourceId}::uuid and id = any(${column(b, (d) => d.id)}::uuid[])`.execute(
      db,
    );
    await sql`
      delete from directory_memberships
      where source_id = ${sourceId}::uuid
        and open_department_id = any(${column(b, (d) => d.openDepartmentId)}::text[])`.execute(db);
  }
}

export interface UserWrite {
  /** The row id: existing for an update, new for a create. */
  id: string;
  record: UserRecord;
}

/** Users as rows: what both ways of sending them carry. */
const USER_COLUMNS = sql`v(id, open_id, union_id, user_id, username, name, en_name, email,
  mobile, employee_no, status, feishu_status, profile, attributes, leader_open_id,
  source_updated_at, content_hash, access_hash, disabled_reason)`;

/**
 * PostgreSQL: the batch as one UTF-8 JSON document in a bytea parameter (sent in binary), read
 * with jsonb_to_recordset. No batch-sized string is built in the JS heap, where it would linger
 * until a full collection: on 100k users this keeps the sync's peak memory ~130 MB lower.
 */
function usersAsJson(batch: readonly UserWrite[], rows: JsonRows, onRow: OnUserRow) {
  rows.reset();
  for (const w of batch) {
    const u = w.record;
    onRow(w, u);
    rows.add({
      id: w.id,
      open_id: u.openId,
      union_id: u.unionId,
      user_id: u.userId,
      username: u.username,
      name: u.name,
      en_name: u.enName,
      email: u.email,
      mobile: u.mobile,
      employee_no: u.employeeNo,
      status: u.status,
      feishu_status: u.feishuStatus,
      profile: u.profile,
      attributes: u.attributes,
      leader_open_id: u.leaderOpenId,
      source_updated_at: u.sourceUpdatedAt,
      content_hash: userContentHash(u),
      access_hash: userAccessHash(u),
      disabled_reason: u.disabledReason,
    });
  }
  return sql`jsonb_to_recordset(convert_from(${rows.bytes()}::bytea, 'UTF8')::jsonb) as v(
    id uuid, open_id text, union_id text, user_id text, username text, name text,
    en_name text, email text, mobile text, employee_no text, status text,
    feishu_status jsonb, profile jsonb, attributes jsonb, leader_open_id text,
    source_updated_at timestamptz, content_hash text, access_hash text, disabled_reason text)`;
}

/**
 * PGlite: one array per column into unnest(). Its wire layer copies a large bytea parameter
 * several times inside the WASM heap, which grows and never shrinks: measured 2.5x slower and
 * 300 MB bigger than arrays on 100k users.
 */
function usersAsArrays(batch: readonly UserWrite[], onRow: OnUserRow) {
  // Each column reads one field of every row: the batch is copied once, not decoded per column.
  const b = batch.map((w) => {
    const record = copyUserRecord(w.record);
    onRow(w, record);
    return { id: w.id, record };
  });
  const r = (w: UserWrite) => w.record;
  return sql`unnest(
    ${column(b, (w) => w.id)}::uuid[],
    ${column(b, (w) => r(w).openId)}::text[],
    ${column(b, (w) => r(w).unionId)}::text[],
    ${column(b, (w) => r(w).userId)}::text[],
    ${column(b, (w) => r(w).username)}::text[],
    ${column(b, (w) => r(w).name)}::text[],
    ${column(b, (w) => r(w).enName)}::text[],
    ${column(b, (w) => r(w).email)}::text[],
    ${column(b, (w) => r(w).mobile)}::text[],
    ${column(b, (w) => r(w).employeeNo)}::text[],
    ${column(b, (w) => r(w).status)}::text[],
    ${column(b, (w) => JSON.stringify(r(w).feishuStatus))}::jsonb[],
    ${column(b, (w) => JSON.stringify(r(w).profile))}::jsonb[],
    ${column(b, (w) => JSON.stringify(r(w).attributes))}::jsonb[],
    ${column(b, (w) => r(w).leaderOpenId)}::text[],
    ${column(b, (w) => r(w).sourceUpdatedAt)}::timestamptz[],
    ${column(b, (w) => userContentHash(r(w)))}::text[],
    ${column(b, (w) => userAccessHash(r(w)))}::text[],
    ${column(b, (w) => r(w).disabledReason)}::text[]
  ) as ${USER_COLUMNS}`;
}

/** Called once per row written, with the row's record read in full (e.g. for its memberships). */
export type OnUserRow = (write: UserWrite, record: UserRecord) => void;

/**
 * Writes users. `key` says which conflict means "this row already exists": the row id (updates
 * the differ resolved) or open_id (creates, where an event may have written the user first).
 * Answers open_id -> row id of the creates that found their row already there (every other
 * create has its proposed id; updates by id answer nothing).
 */
export async function upsertUsers(
  db: Kysely<Database>,
  sourceId: string,
  writes: readonly UserWrite[],
  key: 'id' | 'open_id',
  now: Date,
  onRow: OnUserRow = () => undefined,
): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  if (writes.length === 0) return ids;
  const target = key === 'id' ? sql`(id)` : sql`(source_id, open_id)`;
  const embedded = await isEmbedded(db);
  // Pipelined: while the database writes one batch, the next is built (decoding records,
  // encoding rows: JavaScript work that would otherwise wait for it). Two buffers take turns;
  // one is refilled only after the statement that carried it has finished.
  const buffers = [new JsonRows(), new JsonRows()];
  let inFlight: Promise<QueryResult<{ id: string; open_id: string }>> | undefined;
  const finish = async () => {
    const done = inFlight;
    inFlight = undefined;
    if (done) for (const row of (await done).rows) ids.set(row.open_id, row.id);
  };
  for (const [i, b] of chunks(writes).entries()) {
    const from = embedded ? usersAsArrays(b, onRow) : usersAsJson(b, buffers[i % 2]!, onRow);
    const statement = upsertStatement(sourceId, from, target, key, now).execute(db);
    // Its error is thrown where it is awaited; a statement queued behind a failed one fails
    // too (the transaction is aborted) and is never awaited: neither goes unhandled.
    statement.catch(() => undefined);
    // Let the statement reach the connection before building the next batch.
    await new Promise((resolve) => setImmediate(resolve));
    await finish();
    inFlight = statement;
  }
  await finish();
  return ids;
}

function upsertStatement(
  sourceId: string,
  from: RawBuilder<unknown>,
  target: RawBuilder<unknown>,
  key: 'id' | 'open_id',
  now: Date,
) {
  return sql<{ id: string; open_id: string }>`
      with written as (
      insert into directory_users (id, source_id, open_id, union_id, user_id, username, name,
        en_name, email, mobile, employee_no, status, feishu_status, profile, attributes,
        leader_open_id, source_updated_at, disabled_at, deleted_at, created_at, updated_at,
        content_hash, access_hash, disabled_reason)
      select v.id, ${sourceId}::uuid, v.open_id, v.union_id, v.user_id, v.username, v.name,
        v.en_name, v.email, v.mobile, v.employee_no, v.status, coalesce(v.feishu_status, '{}'),
        coalesce(v.profile, '{}'), coalesce(v.attributes, '{}'), v.leader_open_id,
        v.source_updated_at, case when v.status = 'disabled' then ${now}::timestamptz end, null,
        ${now}::timestamptz, ${now}::timestamptz, v.content_hash, v.access_hash, v.disabled_reason
      from ${from}
      on conflict ${target} do update set
        open_id = excluded.open_id, union_id = excluded.union_id, user_id = excluded.user_id,
        username = excluded.username, name = excluded.name, en_name = excluded.en_name,
        email = excluded.email, mobile = excluded.mobile, employee_no = excluded.employee_no,
        status = excluded.status, feishu_status = excluded.feishu_status,
        profile = excluded.profile, attributes = excluded.attributes,
        leader_open_id = excluded.leader_open_id, source_updated_at = excluded.source_updated_at,
        -- A user who stays disabled for the same reason keeps the date the grace period counts
        -- from; anything else starts afresh.
        disabled_at = case
          when excluded.status <> 'disabled' then null
          when directory_users.status = 'disabled'
            and directory_users.disabled_reason is not distinct from excluded.disabled_reason
            then directory_users.disabled_at
          else excluded.disabled_at end,
        deleted_at = null, updated_at = excluded.updated_at,
        content_hash = excluded.content_hash, access_hash = excluded.access_hash,
        disabled_reason = excluded.disabled_reason
      returning id, open_id, xmax::text as xmax)
      -- Only rows that were already there (xmax is 0 on a freshly inserted row): a new row
      -- has the id we proposed, and 100k of them need not travel back.
      select id, open_id from written where xmax <> '0' and ${sql.lit(key === 'open_id')}`;
}

/**
 * A batch of rows as the UTF-8 bytes of one JSON array, built row by row into one reused
 * buffer. Users are the heavy rows (the profile): sent this way, no batch-sized string ever
 * exists in the JS heap, where it would outlive the batch until a full collection.
 */
class JsonRows {
  private buf = Buffer.allocUnsafe(1 << 20);
  private len = 0;
  reset(): void {
    this.len = 0;
    this.write('[');
  }
  add(row: Record<string, unknown>): void {
    this.write(this.len > 1 ? `,${JSON.stringify(row)}` : JSON.stringify(row));
  }
  /** The array so far, closed; valid until the next reset. */
  bytes(): Buffer {
    this.write(']');
    return this.buf.subarray(0, this.len);
  }
  private write(text: string): void {
    const need = this.len + Buffer.byteLength(text);
    if (need > this.buf.length) {
      const grown = Buffer.allocUnsafe(Math.max(need, this.buf.length * 2));
      this.buf.copy(grown, 0, 0, this.len);
      this.buf = grown;
    }
    this.len += this.buf.write(text, this.len);
  }
}

/** Users Feishu no longer lists: disabled for a reason, or deleted ('deleted'). */
export async function markUsers(
  db: Kysely<Database>,
  sourceId: string,
  ids: readonly string[],
  reason: UserDisabledReason,
  now: Date,
): Promise<void> {
  const deleted = reason === 'deleted';
  for (const b of chunks(ids)) {
    await sql`
      update directory_users
      set status = ${deleted ? 'deleted' : 'disabled'}, disabled_reason = ${reason},
        disabled_at = ${deleted ? sql`disabled_at` : sql`${now}::timestamptz`},
        deleted_at = ${deleted ? sql`${now}::timestamptz` : sql`null`},
        updated_at = ${now}::timestamptz, content_hash = null
        ${deleted ? sql`, access_hash = null` : sql``}
      where source_id = ${sourceId}::uuid and id = any(${b}::uuid[])`.execute(db);
  }
}

/** Replaces the memberships of the given users with the given ones. */
export async function replaceMemberships(
  db: Kysely<Database>,
  sourceId: string,
  userIds: readonly string[],
  memberships: readonly { userId: string; m: MembershipRecord }[],
): Promise<void> {
  for (const b of chunks(userIds)) {
    await sql`
      delete from directory_memberships
      where source_id = ${sourceId}::uuid and user_id = any(${b}::uuid[])`.execute(db);
  }
  for (const b of chunks(memberships)) {
    await sql`
      insert into directory_memberships (source_id, user_id, open_department_id, is_primary,
        user_order, department_order)
      select ${sourceId}::uuid, v.user_id, v.dept, v.is_primary, v.user_order, v.department_order
      from unnest(
        ${column(b, (x) => x.userId)}::uuid[],
        ${column(b, (x) => x.m.openDepartmentId)}::text[],
        ${column(b, (x) => x.m.isPrimary)}::boolean[],
        ${column(b, (x) => x.m.userOrder)}::bigint[],
        ${column(b, (x) => x.m.departmentOrder)}::bigint[]
      ) as v(user_id, dept, is_primary, user_order, department_order)
      on conflict do nothing`.execute(db);
  }
}

// Applies a change set in ONE transaction: the source's directory version is bumped first (with
// an optimistic check against the version the change was computed from, and a row lock that
// serialises every writer of the source's directory), then departments, users and memberships
// in batches of 1,000 rows per statement, then the caller's own writes (run row, audit) in the
// same transaction. Signals are raised only after the commit. Either everything is applied or,
// on any error or a crash, nothing is.
import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import { AppError } from '../../shared/domain/errors/index.ts';
import { json, type Database } from '../storage/schema.ts';
import {
  countChanges,
  isEmptyChangeSet,
  type ChangeCounts,
  type DepartmentRecord,
  type DirectoryChangeSet,
  type UserRecord,
} from './change-set.ts';
import { departmentHash, userAccessHash, userContentHash } from './record-hash.ts';
import type { DirectorySignals, SignalContext, UserDisabledSignalReason } from './signals.ts';

export const BATCH_ROWS = 1000;

export interface ApplyOptions {
  /** The directory version the change set was computed from; a different one fails. */
  expectedVersion?: number;
  now: Date;
  signals?: DirectorySignals;
  /** Further writes that must commit or roll back with the change (run row, audit entry). */
  within?: (trx: Transaction<Database>, result: ApplyResult) => Promise<void>;
}

export interface ApplyResult {
  tenantId: string;
  sourceId: string;
  /** The version after the change (unchanged when the change set was empty). */
  directoryVersion: number;
  counts: ChangeCounts;
  signals: { userDisabled: number; userAttributesChanged: number };
}

const chunks = <T>(items: T[], size = BATCH_ROWS): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
};

export async function applyChangeSet(
  db: Kysely<Database>,
  cs: DirectoryChangeSet,
  options: ApplyOptions,
): Promise<ApplyResult> {
  const disabled: [string, UserDisabledSignalReason][] = [];
  const attributesChanged: string[] = [];
  const result = await db.transaction().execute(async (trx) => {
    const empty = isEmptyChangeSet(cs);
    const version = await claimVersion(trx, cs.sourceId, options.expectedVersion, !empty);
    const result: ApplyResult = {
      tenantId: version.tenantId,
      sourceId: cs.sourceId,
      directoryVersion: version.version,
      counts: countChanges(cs),
      signals: { userDisabled: 0, userAttributesChanged: 0 },
    };
    if (!empty) {
      await writeDepartments(trx, cs, options.now);
      await writeUsers(trx, cs, options.now);
      for (const d of cs.users.disable) if (d.wasActive) disabled.push([d.id, d.reason]);
      for (const d of cs.users.delete) if (d.wasActive) disabled.push([d.id, 'deleted']);
      for (const u of cs.users.update) if (u.accessChanged) attributesChanged.push(u.id);
      result.signals = {
        userDisabled: disabled.length,
        userAttributesChanged: attributesChanged.length,
      };
    }
    await options.within?.(trx, result);
    return result;
  });
  if (options.signals) {
    const context: SignalContext = {
      tenantId: result.tenantId,
      sourceId: result.sourceId,
      directoryVersion: result.directoryVersion,
    };
    for (const [id, reason] of disabled) await options.signals.onUserDisabled(id, reason, context);
    for (const id of attributesChanged) await options.signals.onUserAttributesChanged(id, context);
  }
  return result;
}

async function claimVersion(
  trx: Transaction<Database>,
  sourceId: string,
  expected: number | undefined,
  bump: boolean,
): Promise<{ version: number; tenantId: string }> {
  // Locks the source row until commit: concurrent appliers of one source queue up here.
  const row = await trx
    .updateTable('identity_sources')
    .set((eb) => ({
      directory_version: bump ? eb('directory_version', '+', 1) : eb.ref('directory_version'),
    }))
    .where('id', '=', sourceId)
    .returning(['directory_version', 'tenant_id'])
    .executeTakeFirst();
  if (!row) throw new AppError('SOURCE_NOT_FOUND');
  const version = Number(row.directory_version);
  if (expected !== undefined && version !== expected + (bump ? 1 : 0)) {
    throw new AppError('SYNC_DIRECTORY_CHANGED', {
      details: { expected, actual: bump ? version - 1 : version },
    });
  }
  return { version, tenantId: row.tenant_id };
}

const departmentRow = (sourceId: string, d: DepartmentRecord, now: Date) => ({
  id: randomUUID(),
  source_id: sourceId,
  open_department_id: d.openDepartmentId,
  department_id: d.departmentId,
  name: d.name,
  i18n_name: json(d.i18nName),
  parent_open_department_id: d.parentOpenDepartmentId,
  path: d.path,
  leader_open_id: d.leaderOpenId,
  sort_order: d.sortOrder,
  status: 'active' as const,
  created_at: now,
  updated_at: now,
  deleted_at: null,
  content_hash: departmentHash(d),
});

async function writeDepartments(trx: Transaction<Database>, cs: DirectoryChangeSet, now: Date) {
  const upserts = [...cs.departments.create, ...cs.departments.update];
  for (const batch of chunks(upserts)) {
    await trx
      .insertInto('directory_departments')
      .values(batch.map((d) => departmentRow(cs.sourceId, d, now)))
      .onConflict((oc) =>
        oc.columns(['source_id', 'open_department_id']).doUpdateSet((eb) => ({
          department_id: eb.ref('excluded.department_id'),
          name: eb.ref('excluded.name'),
          i18n_name: eb.ref('excluded.i18n_name'),
          parent_open_department_id: eb.ref('excluded.parent_open_department_id'),
          path: eb.ref('excluded.path'),
          leader_open_id: eb.ref('excluded.leader_open_id'),
          sort_order: eb.ref('excluded.sort_order'),
          status: eb.ref('excluded.status'),
          updated_at: eb.ref('excluded.updated_at'),
          deleted_at: eb.ref('excluded.deleted_at'),
          content_hash: eb.ref('excluded.content_hash'),
        })),
      )
      .execute();
  }
  for (const batch of chunks(cs.departments.delete)) {
    const ids = batch.map((d) => d.id);
    await trx
      .updateTable('directory_departments')
      .set({ status: 'deleted', deleted_at: now, updated_at: now, content_hash: null })
      .where('source_id', '=', cs.sourceId)
      .where('id', 'in', ids)
      .execute();
    await trx
      .deleteFrom('directory_memberships')
      .where('source_id', '=', cs.sourceId)
      .where(
        'open_department_id',
        'in',
        batch.map((d) => d.openDepartmentId),
      )
      .execute();
  }
}

function userRow(sourceId: string, id: string, u: UserRecord, now: Date) {
  return {
    id,
    source_id: sourceId,
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
    feishu_status: json(u.feishuStatus),
    profile: json(u.profile),
    attributes: json(u.attributes),
    leader_open_id: u.leaderOpenId,
    source_updated_at: u.sourceUpdatedAt ? new Date(u.sourceUpdatedAt) : null,
    disabled_at: u.status === 'disabled' ? now : null,
    deleted_at: null,
    created_at: now,
    updated_at: now,
    content_hash: userContentHash(u),
    access_hash: userAccessHash(u),
    disabled_reason: u.disabledReason,
  };
}

type UserRowValues = ReturnType<typeof userRow>;

async function upsertUsers(
  trx: Transaction<Database>,
  rows: UserRowValues[],
  key: 'id' | 'open_id',
): Promise<Map<string, string>> {
  const ids = new Map<string, string>(); // open_id -> row id
  for (const batch of chunks(rows)) {
    const written = await trx
      .insertInto('directory_users')
      .values(batch)
      .onConflict((oc) =>
        (key === 'id' ? oc.column('id') : oc.columns(['source_id', 'open_id'])).doUpdateSet(
          (eb) => ({
            open_id: eb.ref('excluded.open_id'),
            union_id: eb.ref('excluded.union_id'),
            user_id: eb.ref('excluded.user_id'),
            username: eb.ref('excluded.username'),
            name: eb.ref('excluded.name'),
            en_name: eb.ref('excluded.en_name'),
            email: eb.ref('excluded.email'),
            mobile: eb.ref('excluded.mobile'),
            employee_no: eb.ref('excluded.employee_no'),
            status: eb.ref('excluded.status'),
            feishu_status: eb.ref('excluded.feishu_status'),
            profile: eb.ref('excluded.profile'),
            attributes: eb.ref('excluded.attributes'),
            leader_open_id: eb.ref('excluded.leader_open_id'),
            source_updated_at: eb.ref('excluded.source_updated_at'),
            // A user who stays disabled for the same reason keeps the date the grace period
            // counts from; anything else starts afresh.
            disabled_at: sql<Date | null>`case
              when excluded.status <> 'disabled' then null
              when directory_users.status = 'disabled'
                and directory_users.disabled_reason is not distinct from excluded.disabled_reason
                then directory_users.disabled_at
              else excluded.disabled_at end`,
            deleted_at: eb.ref('excluded.deleted_at'),
            updated_at: eb.ref('excluded.updated_at'),
            content_hash: eb.ref('excluded.content_hash'),
            access_hash: eb.ref('excluded.access_hash'),
            disabled_reason: eb.ref('excluded.disabled_reason'),
          }),
        ),
      )
      .returning(['id', 'open_id'])
      .execute();
    for (const r of written) ids.set(r.open_id, r.id);
  }
  return ids;
}

async function writeUsers(trx: Transaction<Database>, cs: DirectoryChangeSet, now: Date) {
  const src = cs.sourceId;
  // Users whose memberships are rewritten: every user touched; those with a record get theirs.
  const touched: string[] = [];
  const members: { id: string; record: UserRecord }[] = [];

  const created = await upsertUsers(
    trx,
    cs.users.create.map((u) => userRow(src, randomUUID(), u, now)),
    'open_id',
  );
  for (const u of cs.users.create) {
    const id = created.get(u.openId);
    if (id) members.push({ id, record: u });
  }
  // A create can land on an existing row (an event got there first): rewrite its memberships.
  touched.push(...created.values());
  const byId = [
    ...cs.users.update.map((u) => ({ id: u.id, record: u.record })),
    ...cs.users.disable.flatMap((d) => (d.record ? [{ id: d.id, record: d.record }] : [])),
  ];
  await upsertUsers(
    trx,
    byId.map((u) => userRow(src, u.id, u.record, now)),
    'id',
  );
  members.push(...byId);
  touched.push(...byId.map((u) => u.id));

  const vanished = cs.users.disable.filter((d) => !d.record);
  for (const reason of new Set(vanished.map((d) => d.reason))) {
    for (const batch of chunks(vanished.filter((d) => d.reason === reason))) {
      await trx
        .updateTable('directory_users')
        .set({
          status: 'disabled',
          disabled_reason: reason,
          disabled_at: now,
          updated_at: now,
          content_hash: null,
        })
        .where('source_id', '=', src)
        .where(
          'id',
          'in',
          batch.map((d) => d.id),
        )
        .execute();
      touched.push(...batch.map((d) => d.id));
    }
  }
  for (const batch of chunks(cs.users.delete)) {
    await trx
      .updateTable('directory_users')
      .set({
        status: 'deleted',
        disabled_reason: 'deleted',
        deleted_at: now,
        updated_at: now,
        content_hash: null,
        access_hash: null,
      })
      .where('source_id', '=', src)
      .where(
        'id',
        'in',
        batch.map((d) => d.id),
      )
      .execute();
    touched.push(...batch.map((d) => d.id));
  }

  for (const batch of chunks(touched, 5000)) {
    await trx
      .deleteFrom('directory_memberships')
      .where('source_id', '=', src)
      .where('user_id', 'in', batch)
      .execute();
  }
  const rows = members.flatMap(({ id, record }) =>
    record.memberships.map((m) => ({
      source_id: src,
      user_id: id,
      open_department_id: m.openDepartmentId,
      is_primary: m.isPrimary,
      user_order: m.userOrder,
      department_order: m.departmentOrder,
    })),
  );
  for (const batch of chunks(rows)) {
    await trx
      .insertInto('directory_memberships')
      .values(batch)
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
}

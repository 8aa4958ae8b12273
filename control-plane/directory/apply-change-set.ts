// Applies a change set in ONE transaction: the source's directory version is bumped first (with
// an optimistic check against the version the change was computed from, and a row lock that
// serialises every writer of the source's directory), then departments, users and memberships
// in bulk (directory-writes.ts), then the caller's own writes (run row, audit) in the same
// transaction. Signals are raised only after the commit. Either everything is applied or, on
// any error or a crash, nothing is.
import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { AppError } from '../../shared/domain/errors/index.ts';
import type { Database } from '../storage/schema.ts';
import {
  countChanges,
  isEmptyChangeSet,
  type ChangeCounts,
  type DirectoryChangeSet,
  type MembershipRecord,
  type UserRecord,
} from './change-set.ts';
import {
  markDepartmentsDeleted,
  markUsers,
  replaceMemberships,
  upsertDepartments,
  upsertUsers,
  type UserWrite,
} from './directory-writes.ts';
import type { DirectorySignals, SignalContext, UserDisabledSignalReason } from './signals.ts';

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
      await upsertDepartments(
        trx,
        cs.sourceId,
        [...cs.departments.create, ...cs.departments.update],
        options.now,
      );
      await markDepartmentsDeleted(trx, cs.sourceId, cs.departments.delete, options.now);
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

async function writeUsers(trx: Transaction<Database>, cs: DirectoryChangeSet, now: Date) {
  const src = cs.sourceId;
  // Every user written gets exactly the memberships of their record, collected as each row is
  // written (a record is read in full once: it may be decoded on demand).
  const created: { write: UserWrite; openId: string; m: MembershipRecord }[] = [];
  const members: { userId: string; m: MembershipRecord }[] = [];
  const collectCreated = (write: UserWrite, record: UserRecord) => {
    for (const m of record.memberships) created.push({ write, openId: record.openId, m });
  };
  const collectUpdated = (write: UserWrite, record: UserRecord) => {
    for (const m of record.memberships) members.push({ userId: write.id, m });
  };
  const proposed = cs.users.create.map((record) => ({ id: randomUUID(), record }));
  // A create that landed on an existing row (an event got there first) kept that row's id.
  const existing = await upsertUsers(trx, src, proposed, 'open_id', now, collectCreated);
  const byId: UserWrite[] = [
    ...cs.users.update.map((u) => ({ id: u.id, record: u.record })),
    ...cs.users.disable.flatMap((d) => (d.record ? [{ id: d.id, record: d.record }] : [])),
  ];
  await upsertUsers(trx, src, byId, 'id', now, collectUpdated);

  const vanished = cs.users.disable.filter((d) => !d.record);
  for (const reason of new Set(vanished.map((d) => d.reason))) {
    const ids = vanished.filter((d) => d.reason === reason).map((d) => d.id);
    await markUsers(trx, src, ids, reason, now);
  }
  await markUsers(
    trx,
    src,
    cs.users.delete.map((d) => d.id),
    'deleted',
    now,
  );

  // Users touched without a record (vanished, deleted) end with none; new rows have none to
  // delete first. A create that found its row already there takes that row's id.
  for (const { write, openId, m } of created)
    members.push({ userId: existing.get(openId) ?? write.id, m });
  const touched = [
    ...existing.values(),
    ...byId.map((w) => w.id),
    ...vanished.map((d) => d.id),
    ...cs.users.delete.map((d) => d.id),
  ];
  await replaceMemberships(trx, src, touched, members);
}

// The change a user event asks for, computed with the same differ a full sync uses (partial
// mode: only this user is looked at). created/updated carry the whole user; deleted ("employee
// resigned") carries no department_ids in `object`, so they are read from `old_object`, and the
// user is disabled as resigned. With selected subtrees, only memberships of synced departments
// count; a user left with none is out of scope and, if the directory has them active, disabled.
// `userChange` is the pure part (rows in, change set out); `userEventChange` reads the rows.
import type { Kysely } from 'kysely';
import {
  emptyChangeSet,
  type DirectoryChangeSet,
  type UserRecord,
} from '../directory/change-set.ts';
import {
  diffDirectory,
  type CurrentUser,
  type MatchableAccountField,
} from '../directory/diff-directory.ts';
import { loadDirectorySnapshot, type DirectorySnapshot } from '../directory/directory-snapshot.ts';
import type { Database, IdentitySourceRow } from '../storage/schema.ts';
import type { EventUser } from './contact-event-schemas.ts';

/** Turns a Feishu user (REST or event shape) into the directory record, per the source's mapping. */
export type MapFeishuUser = (
  source: IdentitySourceRow,
  user: Record<string, unknown>,
) => UserRecord;

export interface UserEventInput {
  source: IdentitySourceRow;
  user: EventUser;
  /** contact.user.deleted_v3: the user resigned; departments come from old_object. */
  resigned: boolean;
  oldDepartmentIds?: string[];
  now: Date;
  mapUser: MapFeishuUser;
}

export interface ComputedChange {
  changeSet: DirectoryChangeSet;
  snapshot: DirectorySnapshot;
}

export const ACCOUNT_COLUMN = {
  username: 'username',
  email: 'email',
  mobile: 'mobile',
  employee_no: 'employee_no',
} as const;

const asText = (v: unknown): string | null =>
  typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : null;

export const matchingOf = (source: IdentitySourceRow) => ({
  accountField: source.field_mapping.matching.account_field as MatchableAccountField,
  feishuField: source.field_mapping.matching.feishu_field,
});

/** The directory record the event describes (before the scope is applied). */
export function eventUserRecord(input: UserEventInput): UserRecord {
  const { user } = input;
  const feishuUser: Record<string, unknown> = input.resigned
    ? {
        ...user,
        department_ids: input.oldDepartmentIds ?? user.department_ids ?? [],
        status: { ...((user.status as object | undefined) ?? {}), is_resigned: true },
      }
    : user;
  const record = input.mapUser(input.source, feishuUser);
  return input.resigned ? { ...record, status: 'disabled', disabledReason: 'resigned' } : record;
}

/** The value the matching rule compares, for a user no row knows by id. */
export const matchingValue = (source: IdentitySourceRow, record: UserRecord): string | null =>
  asText(record.profile[matchingOf(source).feishuField]);

/**
 * The pure part: the record, the rows that may be this user (by open_id, union_id or the
 * matching rule's value) and, for selected subtrees, which departments are synced.
 */
export function userChange(
  source: IdentitySourceRow,
  record: UserRecord,
  candidates: CurrentUser[],
  syncedDepartments: ReadonlySet<string> | undefined,
  now: Date,
): DirectoryChangeSet {
  if (syncedDepartments) {
    const memberships = record.memberships.filter((m) => syncedDepartments.has(m.openDepartmentId));
    // A resigned user has no memberships left to place them by: the differ disables them.
    if (memberships.length === 0 && record.disabledReason !== 'resigned') {
      const changeSet = emptyChangeSet(source.id);
      const current = candidates.find(
        (u) => u.openId === record.openId || u.unionId === record.unionId,
      );
      if (current?.status === 'active') {
        changeSet.users.disable.push({
          id: current.id,
          openId: current.openId,
          name: current.name,
          wasActive: true,
          reason: 'left_scope',
        });
      }
      return changeSet;
    }
    record = { ...record, memberships };
  }
  return diffDirectory(
    source.id,
    { departments: [], users: candidates },
    { departments: [], users: [record] },
    { mode: 'partial', now, deleteGraceMs: 0, matching: matchingOf(source) },
  );
}

/** Departments among `ids` the directory holds active (the synced set of a subtree scope). */
export async function syncedAmong(
  db: Kysely<Database>,
  sourceId: string,
  ids: string[],
): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectFrom('directory_departments')
    .select('open_department_id')
    .where('source_id', '=', sourceId)
    .where('status', '=', 'active')
    .where('open_department_id', 'in', ids)
    .execute();
  return new Set(rows.map((r) => r.open_department_id));
}

/** open_ids of rows whose account field holds one of `values` (matching-rule candidates). */
export async function openIdsByAccountValue(
  db: Kysely<Database>,
  source: IdentitySourceRow,
  values: string[],
): Promise<string[]> {
  if (values.length === 0) return [];
  const rows = await db
    .selectFrom('directory_users')
    .select('open_id')
    .where('source_id', '=', source.id)
    .where(ACCOUNT_COLUMN[matchingOf(source).accountField], 'in', values)
    .execute();
  return rows.map((r) => r.open_id);
}

export async function userEventChange(
  db: Kysely<Database>,
  input: UserEventInput,
): Promise<ComputedChange> {
  const { source } = input;
  const record = eventUserRecord(input);
  const synced =
    source.scope.kind === 'departments'
      ? await syncedAmong(
          db,
          source.id,
          record.memberships.map((m) => m.openDepartmentId),
        )
      : undefined;
  const snapshot = await loadDirectorySnapshot(db, source.id, {
    openIds: [record.openId],
    unionIds: [record.unionId],
  });
  const value = matchingValue(source, record);
  if (snapshot.users.length === 0 && value !== null) {
    const openIds = await openIdsByAccountValue(db, source, [value]);
    if (openIds.length)
      snapshot.users.push(...(await loadDirectorySnapshot(db, source.id, { openIds })).users);
  }
  return { changeSet: userChange(source, record, snapshot.users, synced, input.now), snapshot };
}

// The change a user event asks for, computed with the same differ a full sync uses (partial
// mode: only this user is looked at). created/updated carry the whole user; deleted ("employee
// resigned") carries no department_ids in `object`, so they are read from `old_object`, and the
// user is disabled as resigned. With selected subtrees, only memberships of synced departments
// count; a user left with none is out of scope and, if the directory has them active, disabled.
import type { Kysely } from 'kysely';
import {
  emptyChangeSet,
  type DirectoryChangeSet,
  type UserRecord,
} from '../directory/change-set.ts';
import { diffDirectory, type MatchableAccountField } from '../directory/diff-directory.ts';
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

const ACCOUNT_COLUMN = {
  username: 'username',
  email: 'email',
  mobile: 'mobile',
  employee_no: 'employee_no',
} as const;

const asText = (v: unknown): string | null =>
  typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : null;

async function syncedDepartments(
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

export async function userEventChange(
  db: Kysely<Database>,
  input: UserEventInput,
): Promise<ComputedChange> {
  const { source, user } = input;
  const feishuUser: Record<string, unknown> = input.resigned
    ? {
        ...user,
        department_ids: input.oldDepartmentIds ?? user.department_ids ?? [],
        status: { ...((user.status as object | undefined) ?? {}), is_resigned: true },
      }
    : user;
  let record = input.mapUser(source, feishuUser);
  if (input.resigned) record = { ...record, status: 'disabled', disabledReason: 'resigned' };

  let inScope = true;
  if (source.scope.kind === 'departments') {
    const synced = await syncedDepartments(
      db,
      source.id,
      record.memberships.map((m) => m.openDepartmentId),
    );
    const memberships = record.memberships.filter((m) => synced.has(m.openDepartmentId));
    inScope = memberships.length > 0;
    record = { ...record, memberships };
  }

  const snapshot = await loadDirectorySnapshot(db, source.id, {
    openIds: [record.openId],
    unionIds: [record.unionId],
  });
  const rule = source.field_mapping.matching;
  const matching = {
    accountField: rule.account_field as MatchableAccountField,
    feishuField: rule.feishu_field,
  };
  // A user no row knows by id may be an existing account the matching rule links.
  const value = asText(record.profile[matching.feishuField]);
  if (snapshot.users.length === 0 && value !== null) {
    const linked = await loadDirectorySnapshot(db, source.id, {
      openIds: (
        await db
          .selectFrom('directory_users')
          .select('open_id')
          .where('source_id', '=', source.id)
          .where(ACCOUNT_COLUMN[matching.accountField], '=', value)
          .limit(2)
          .execute()
      ).map((r) => r.open_id),
    });
    snapshot.users.push(...linked.users);
  }

  if (!inScope) {
    const changeSet = emptyChangeSet(source.id);
    const current = snapshot.users.find(
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
    return { changeSet, snapshot };
  }

  const changeSet = diffDirectory(
    source.id,
    snapshot,
    { departments: [], users: [record] },
    { mode: 'partial', now: input.now, deleteGraceMs: 0, matching },
  );
  return { changeSet, snapshot };
}

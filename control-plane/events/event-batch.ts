// Contact events of one source applied in rounds: consecutive events that do not depend on each
// other are computed from one read of the rows they touch and applied as ONE change set in ONE
// transaction (with every watermark and every inbox outcome), instead of a transaction each.
// Same rules as one at a time (contact-event-handler.ts); whatever a round cannot take simply
// goes through that path instead:
// - A round ends before an event that touches an object the round already changes, or reads one
//   (a department's parent, a scoped user's departments), so every event in a round is computed
//   from rows no earlier event of the round has changed.
// - Moves (a path rewrite below), a parent not synced, scope edges, reconcile and unknown types,
//   and any removal while a hold is open or that would cross a threshold, go one at a time.
// - If the directory or a watermark moved meanwhile (another replica), the round's first event
//   goes one at a time and the rest form a new round.
import type { Kysely } from 'kysely';
import { AppError } from '../../shared/domain/errors/index.ts';
import type { Clock } from '../clock.ts';
import { applyChangeSet } from '../directory/apply-change-set.ts';
import {
  countChanges,
  countRemovals,
  emptyChangeSet,
  type DirectoryChangeSet,
  type RemovalCounts,
  type UserRecord,
} from '../directory/change-set.ts';
import { diffDirectory, type CurrentUser } from '../directory/diff-directory.ts';
import { countActive, loadDirectorySnapshot } from '../directory/directory-snapshot.ts';
import type { DirectorySignals } from '../directory/signals.ts';
import { getSourceById } from '../storage/repositories/identity-sources.ts';
import type { Database, IdentitySourceRow } from '../storage/schema.ts';
import {
  CONTACT_EVENT_TYPES as T,
  departmentEventSchema,
  eventBodyOf,
  userEventSchema,
  type EventDepartment,
} from './contact-event-schemas.ts';
import { burstBreaches, DEFAULT_BURST_WINDOW_MS, recentEventRemovals } from './deletion-burst.ts';
import { departmentRows } from './department-event-change.ts';
import { planDepartmentUpsert, type KnownDepartment } from './department-event-plan.ts';
import { openEventHold } from './event-hold.ts';
import { advanceMarks, readMarks } from './event-marks.ts';
import type { BatchContext, BatchHandler, FinishedEvent } from './event-processor.ts';
import type { ClaimedEvent } from './inbox.ts';
import {
  eventUserRecord,
  matchingValue,
  openIdsByAccountValue,
  userChange,
  type MapFeishuUser,
} from './user-event-change.ts';

export interface BatchHandlerDeps {
  db: Kysely<Database>;
  clock: Clock;
  mapUser: MapFeishuUser;
  signals?: DirectorySignals;
  burstWindowMs?: number;
}

type Parsed =
  | { kind: 'department'; event: ClaimedEvent; at: Date; object: EventDepartment; deleted: boolean }
  | { kind: 'user'; event: ClaimedEvent; at: Date; record: UserRecord };

class RoundAborted extends Error {}

const merge = (into: DirectoryChangeSet, part: DirectoryChangeSet): void => {
  into.departments.create.push(...part.departments.create);
  into.departments.update.push(...part.departments.update);
  into.departments.delete.push(...part.departments.delete);
  into.users.create.push(...part.users.create);
  into.users.update.push(...part.users.update);
  into.users.disable.push(...part.users.disable);
  into.users.delete.push(...part.users.delete);
};

export function createContactBatchHandler(deps: BatchHandlerDeps): BatchHandler {
  const { db, clock } = deps;
  const windowMs = deps.burstWindowMs ?? DEFAULT_BURST_WINDOW_MS;

  /** Parses an event for a round; undefined if it must go one at a time. */
  function parse(source: IdentitySourceRow, event: ClaimedEvent): Parsed | undefined {
    const at = event.event_created_at ?? event.received_at;
    const body = eventBodyOf(event.payload);
    switch (event.event_type) {
      case T.departmentCreated:
      case T.departmentUpdated:
      case T.departmentDeleted: {
        const b = departmentEventSchema.safeParse(body);
        if (!b.success) return undefined;
        return {
          kind: 'department',
          event,
          at,
          object: b.data.object,
          deleted: event.event_type === T.departmentDeleted,
        };
      }
      case T.userCreated:
      case T.userUpdated:
      case T.userDeleted: {
        const b = userEventSchema.safeParse(body);
        if (!b.success) return undefined;
        try {
          const record = eventUserRecord({
            source,
            user: b.data.object,
            resigned: event.event_type === T.userDeleted,
            oldDepartmentIds: b.data.old_object?.department_ids,
            now: clock.now(),
            mapUser: deps.mapUser,
          });
          return { kind: 'user', event, at, record };
        } catch {
          return undefined;
        }
      }
      default:
        return undefined;
    }
  }

  async function lastFullSyncStart(sourceId: string): Promise<Date | undefined> {
    const row = await db
      .selectFrom('sync_runs')
      .select((eb) => eb.fn.max('started_at').as('at'))
      .where('source_id', '=', sourceId)
      .where('status', '=', 'succeeded')
      .executeTakeFirst();
    return row?.at ? new Date(row.at as Date) : undefined;
  }

  /**
   * Takes the longest run of leading events a round can hold, applies it, and resolves to how
   * many events it finished (0: the first one must go one at a time).
   */
  async function round(
    source: IdentitySourceRow,
    synced: Date | undefined,
    events: ClaimedEvent[],
    ctx: BatchContext,
  ): Promise<number> {
    const parsed: Parsed[] = [];
    for (const e of events) {
      const p = parse(source, e);
      if (!p) break;
      parsed.push(p);
    }
    if (parsed.length === 0) return 0;

    // One read of everything the candidates touch. The version is read before the rows: a row
    // changed after it makes the apply fail its version check, never apply on stale rows.
    const userKeys = parsed.flatMap((p) =>
      p.kind === 'user' ? [p.record.openId, p.record.unionId] : [],
    );
    const snapshot = userKeys.length
      ? await loadDirectorySnapshot(db, source.id, { openIds: userKeys, unionIds: userKeys })
      : { version: await directoryVersion(source.id), users: [] };
    const deptIds = new Set<string>();
    for (const p of parsed) {
      if (p.kind === 'department') {
        deptIds.add(p.object.open_department_id);
        if (p.object.parent_department_id) deptIds.add(p.object.parent_department_id);
      } else if (source.scope.kind === 'departments') {
        for (const m of p.record.memberships) deptIds.add(m.openDepartmentId);
      }
    }
    const [departments, marks] = await Promise.all([
      departmentRows(db, source.id, [...deptIds]),
      readMarks(
        db,
        source.id,
        parsed.map((p) => ({
          kind: p.kind,
          openId: p.kind === 'user' ? p.record.openId : p.object.open_department_id,
        })),
      ),
    ]);
    const users = [...snapshot.users];
    const unknownValues = parsed.flatMap((p) => {
      if (p.kind !== 'user') return [];
      const known = users.some(
        (u) => u.openId === p.record.openId || u.unionId === p.record.unionId,
      );
      const value = known ? null : matchingValue(source, p.record);
      return value === null ? [] : [value];
    });
    if (unknownValues.length) {
      const openIds = await openIdsByAccountValue(db, source, unknownValues);
      if (openIds.length)
        users.push(...(await loadDirectorySnapshot(db, source.id, { openIds })).users);
    }

    const changeSet = emptyChangeSet(source.id);
    const results: FinishedEvent[] = [];
    const applied: { kind: 'user' | 'department'; openId: string; at: Date; eventId: string }[] =
      [];
    const touchedDepartments = new Set<string>();
    const touchedUsers = new Set<string>(); // open_id, union_id and row id
    let burst:
      | { recent: RemovalCounts; active: { users: number; departments: number }; held: boolean }
      | undefined;
    const roundRemovals: RemovalCounts = { users: 0, departments: 0 };

    for (const p of parsed) {
      const openId = p.kind === 'user' ? p.record.openId : p.object.open_department_id;
      const mark = marks.get(`${p.kind}|${openId}`);
      if ((mark && mark > p.at) || (synced && synced > p.at)) {
        results.push({
          event: p.event,
          status: 'stale',
          outcome: { reason: mark && mark > p.at ? 'newer_event_applied' : 'full_sync_read_newer' },
        });
        continue;
      }
      let piece: DirectoryChangeSet;
      if (p.kind === 'department') {
        const self = departments.get(openId);
        const parentId = p.object.parent_department_id;
        if (touchedDepartments.has(openId) || (parentId && touchedDepartments.has(parentId))) break;
        if (p.deleted) {
          piece = emptyChangeSet(source.id);
          if (self?.status === 'active')
            piece.departments.delete.push({
              id: self.id,
              openDepartmentId: openId,
              name: self.name,
            });
        } else {
          const plan = planDepartmentUpsert({
            scope: source.scope,
            event: p.object,
            self,
            parent: parentId ? departments.get(parentId) : undefined,
            descendants: [],
          });
          // Moves, unknown parents and scope edges take the one-at-a-time path.
          if (plan.kind !== 'upsert' || (self && self.path !== plan.records[0]!.path)) break;
          piece = diffDirectory(
            source.id,
            { departments: self ? [currentDepartment(self)] : [], users: [] },
            { departments: plan.records, users: [] },
            { mode: 'partial', now: clock.now(), deleteGraceMs: 0 },
          );
        }
        touchedDepartments.add(openId);
      } else {
        const { record } = p;
        if (touchedUsers.has(record.openId) || touchedUsers.has(record.unionId)) break;
        let scoped: Set<string> | undefined;
        if (source.scope.kind === 'departments') {
          if (record.memberships.some((m) => touchedDepartments.has(m.openDepartmentId))) break;
          scoped = new Set(
            record.memberships
              .map((m) => departments.get(m.openDepartmentId))
              .filter((d): d is KnownDepartment => d?.status === 'active')
              .map((d) => d.openDepartmentId),
          );
        }
        const value = matchingValue(source, record);
        const candidates: CurrentUser[] = users.filter(
          (u) =>
            u.openId === record.openId ||
            u.unionId === record.unionId ||
            (value !== null && accountValue(source, u) === value),
        );
        if (candidates.some((u) => touchedUsers.has(u.id))) break;
        piece = userChange(source, record, candidates, scoped, clock.now());
        touchedUsers.add(record.openId).add(record.unionId);
        for (const u of candidates) touchedUsers.add(u.id);
      }

      const removals = countRemovals(piece);
      if (removals.users + removals.departments > 0) {
        burst ??= await burstState(source.id);
        const breaches = burstBreaches({
          recent: {
            users: burst.recent.users + roundRemovals.users,
            departments: burst.recent.departments + roundRemovals.departments,
          },
          removals,
          activeNow: burst.active,
          thresholds: source.deletion_thresholds,
        });
        // Holding goes one at a time (it opens or extends a held run).
        if (burst.held || breaches.length > 0) break;
        roundRemovals.users += removals.users;
        roundRemovals.departments += removals.departments;
      }
      merge(changeSet, piece);
      applied.push({ kind: p.kind, openId, at: p.at, eventId: p.event.event_id });
      results.push({
        event: p.event,
        status: 'applied',
        outcome: { counts: countChanges(piece), removals },
      });
    }
    if (results.length === 0) return 0;

    try {
      await applyChangeSet(db, changeSet, {
        expectedVersion: snapshot.version,
        now: clock.now(),
        signals: deps.signals,
        within: async (trx, result) => {
          if ((await advanceMarks(trx, source.id, applied)) !== applied.length)
            throw new RoundAborted();
          for (const r of results)
            if (r.status === 'applied') r.outcome.directory_version = result.directoryVersion;
          await ctx.finishMany(trx, results);
        },
      });
    } catch (err) {
      if (err instanceof RoundAborted) return 0;
      if (err instanceof AppError && err.code === 'SYNC_DIRECTORY_CHANGED') return 0;
      throw err;
    }
    ctx.reportFinished(results);
    return results.length;
  }

  async function burstState(sourceId: string) {
    const now = clock.now();
    const [hold, recent, active] = await Promise.all([
      openEventHold(db, sourceId),
      recentEventRemovals(db, sourceId, new Date(now.getTime() - windowMs)),
      countActive(db, sourceId),
    ]);
    return { held: hold !== undefined, recent, active };
  }

  async function directoryVersion(sourceId: string): Promise<number> {
    const row = await db
      .selectFrom('identity_sources')
      .select('directory_version')
      .where('id', '=', sourceId)
      .executeTakeFirst();
    return Number(row?.directory_version ?? 0);
  }

  return async (events, ctx) => {
    // The source's settings and its last full sync, read once for all rounds of this batch.
    const source = await getSourceById(db, events[0]!.source_id);
    const synced = source ? await lastFullSyncStart(source.id) : undefined;
    let rest = events;
    while (rest.length > 0) {
      const done = source?.status === 'enabled' ? await round(source, synced, rest, ctx) : 0;
      if (done === 0) {
        await ctx.processOne(rest[0]!);
        rest = rest.slice(1);
      } else rest = rest.slice(done);
    }
  };
}

const currentDepartment = (d: KnownDepartment) => ({
  id: d.id,
  openDepartmentId: d.openDepartmentId,
  name: d.name,
  status: d.status,
  contentHash: d.contentHash ?? null,
});

function accountValue(source: IdentitySourceRow, u: CurrentUser): string | null {
  switch (source.field_mapping.matching.account_field) {
    case 'username':
      return u.username;
    case 'email':
      return u.email;
    case 'mobile':
      return u.mobile;
    default:
      return u.employeeNo;
  }
}

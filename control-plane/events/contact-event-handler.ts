// Applies contact v3 events to the directory through the same path as a full sync: a change set
// from the pure differ, deletion protection, applyChangeSet in one transaction (which raises the
// same signals). Decisions, in order:
// - The source is gone or closed: ignored. An event type we do not handle: ignored.
// - contact.scope.updated_v3: a reconcile run is queued (trigger event_reconcile); a run already
//   queued covers it; while one is running, the event waits and tries again after it.
// - Out of order: an event older than the newest one applied about the same object, or older
//   than the start of the last successful full sync (which read a newer state), is stale.
// - A department whose Feishu parent is not synced yet waits a few attempts for the parent's own
//   event; then, with scope "all", a reconcile run is queued; with selected subtrees it is out of
//   scope. A synced department that moved out of scope queues a reconcile run.
// - Removals (users disabled or deleted, departments deleted) count towards the burst window;
//   crossing a threshold, or any removal while a hold is open, holds the event's change.
// - Otherwise the change is applied with an optimistic directory-version check (recomputed if
//   another writer got there first), the object's watermark moves, and the event is marked
//   applied in the same transaction.
import type { Kysely } from 'kysely';
import { AppError } from '../../shared/domain/errors/index.ts';
import { applyChangeSet } from '../directory/apply-change-set.ts';
import { countRemovals } from '../directory/change-set.ts';
import { countActive } from '../directory/directory-snapshot.ts';
import type { DirectorySignals } from '../directory/signals.ts';
import type { Clock } from '../clock.ts';
import { enqueueSync } from '../jobs/sync-queue.ts';
import { getSourceById } from '../storage/repositories/identity-sources.ts';
import type { Database, IdentitySourceRow } from '../storage/schema.ts';
import {
  CONTACT_EVENT_TYPES as T,
  departmentEventSchema,
  eventBodyOf,
  userEventSchema,
} from './contact-event-schemas.ts';
import { departmentDeleteChange, departmentUpsertChange } from './department-event-change.ts';
import { burstBreaches, DEFAULT_BURST_WINDOW_MS, recentEventRemovals } from './deletion-burst.ts';
import { holdEventChange, openEventHold } from './event-hold.ts';
import { advanceMark, readMark, type MarkKind } from './event-marks.ts';
import { PermanentEventError, type EventHandler, type HandledEvent } from './event-processor.ts';
import type { ClaimedEvent } from './inbox.ts';
import { userEventChange, type ComputedChange, type MapFeishuUser } from './user-event-change.ts';

export interface ContactEventHandlerDeps {
  db: Kysely<Database>;
  clock: Clock;
  mapUser: MapFeishuUser;
  signals?: DirectorySignals;
  burstWindowMs?: number;
  /** Claims a department event may wait for its parent's event before giving up on it. */
  parentWaitAttempts?: number;
  onReconcileQueued?: (runId: string) => void;
}

/** Try again later (the processor backs off); not an error in the event. */
export class RetryLaterError extends Error {
  override name = 'RetryLaterError';
}

class StaleEventError extends Error {}

const DIRECTORY_TYPES = new Set<string>([
  T.userCreated,
  T.userUpdated,
  T.userDeleted,
  T.departmentCreated,
  T.departmentUpdated,
  T.departmentDeleted,
]);

const APPLY_ATTEMPTS = 3;

/** A change to apply, a reason to queue a reconcile run instead, or a final outcome. */
type Computed = ComputedChange | { reconcile: string } | HandledEvent;

export function createContactEventHandler(deps: ContactEventHandlerDeps): EventHandler {
  const { db, clock } = deps;
  const windowMs = deps.burstWindowMs ?? DEFAULT_BURST_WINDOW_MS;
  const parentWaitAttempts = deps.parentWaitAttempts ?? 3;

  async function reconcile(source: IdentitySourceRow, reason: string): Promise<HandledEvent> {
    try {
      const run = await enqueueSync(db, clock.now(), {
        sourceId: source.id,
        tenantId: source.tenant_id,
        trigger: 'event_reconcile',
      });
      deps.onReconcileQueued?.(run.id);
      return { status: 'applied', outcome: { reconcile_run: run.id, reason } };
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== 'SYNC_ALREADY_RUNNING') throw err;
      const active = (err.details as { run: { id: string; status: string } | null }).run;
      if (active?.status === 'queued')
        return {
          status: 'applied',
          outcome: { reconcile_run: active.id, reason, coalesced: true },
        };
      throw new RetryLaterError('a sync is running; the reconcile waits for it to end');
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

  /** The object an event is about, from a body that must parse. */
  function subjectOf(event: ClaimedEvent): { kind: MarkKind; openId: string; body: unknown } {
    const body = eventBodyOf(event.payload);
    const isUser = event.event_type.startsWith('contact.user.');
    const parsed = (isUser ? userEventSchema : departmentEventSchema).safeParse(body);
    if (!parsed.success) throw new PermanentEventError(`malformed ${event.event_type} body`);
    const object = parsed.data.object as { open_id?: string; open_department_id?: string };
    return isUser
      ? { kind: 'user', openId: object.open_id!, body: parsed.data }
      : { kind: 'department', openId: object.open_department_id!, body: parsed.data };
  }

  async function compute(
    source: IdentitySourceRow,
    event: ClaimedEvent,
    body: unknown,
  ): Promise<Computed> {
    const now = clock.now();
    switch (event.event_type) {
      case T.userCreated:
      case T.userUpdated:
      case T.userDeleted: {
        const b = userEventSchema.parse(body);
        return userEventChange(db, {
          source,
          user: b.object,
          resigned: event.event_type === T.userDeleted,
          oldDepartmentIds: b.old_object?.department_ids,
          now,
          mapUser: deps.mapUser,
        });
      }
      case T.departmentDeleted: {
        const b = departmentEventSchema.parse(body);
        return departmentDeleteChange(db, source.id, b.object.open_department_id);
      }
      default: {
        const b = departmentEventSchema.parse(body);
        const change = await departmentUpsertChange(db, source.id, source.scope, b.object, now);
        if (change.kind === 'change')
          return { changeSet: change.changeSet, snapshot: change.snapshot };
        if (change.kind === 'out_of_scope') {
          return change.known
            ? { reconcile: 'a synced department moved out of the scope' }
            : { status: 'ignored', outcome: { reason: 'out_of_scope' } };
        }
        if (event.attempts < parentWaitAttempts)
          throw new RetryLaterError(
            `parent department ${change.parentOpenDepartmentId} not synced yet`,
          );
        return source.scope.kind === 'all'
          ? { reconcile: 'the parent department never arrived' }
          : { status: 'ignored', outcome: { reason: 'out_of_scope' } };
      }
    }
  }

  async function incremental(
    source: IdentitySourceRow,
    event: ClaimedEvent,
    ctx: Parameters<EventHandler>[1],
  ): Promise<HandledEvent> {
    const subject = subjectOf(event);
    const eventAt = event.event_created_at ?? event.received_at;
    const [mark, synced] = await Promise.all([
      readMark(db, source.id, subject.kind, subject.openId),
      lastFullSyncStart(source.id),
    ]);
    if (mark && mark > eventAt)
      return { status: 'stale', outcome: { reason: 'newer_event_applied', newer_than: mark } };
    if (synced && synced > eventAt)
      return { status: 'stale', outcome: { reason: 'full_sync_read_newer', newer_than: synced } };

    for (let attempt = 1; attempt <= APPLY_ATTEMPTS; attempt++) {
      const computed = await compute(source, event, subject.body);
      if ('status' in computed) return computed;
      if ('reconcile' in computed) return reconcile(source, computed.reconcile);
      const { changeSet, snapshot } = computed;
      const removals = countRemovals(changeSet);

      if (removals.users + removals.departments > 0) {
        const now = clock.now();
        const [hold, recent, active] = await Promise.all([
          openEventHold(db, source.id),
          recentEventRemovals(db, source.id, new Date(now.getTime() - windowMs)),
          countActive(db, source.id),
        ]);
        const breaches = burstBreaches({
          recent,
          removals,
          activeNow: active,
          thresholds: source.deletion_thresholds,
        });
        if (hold || breaches.length > 0) {
          const outcome = await db.transaction().execute(async (trx) => {
            const runId = await holdEventChange(trx, {
              sourceId: source.id,
              tenantId: source.tenant_id,
              changeSet,
              breaches,
              windowMinutes: Math.round(windowMs / 60_000),
              baseVersion: snapshot.version,
              now,
            });
            const outcome = { held_in_run: runId, removals };
            await ctx.finish(trx, { status: 'held', outcome });
            return outcome;
          });
          return { status: 'held', outcome, recorded: true };
        }
      }

      try {
        let outcome: Record<string, unknown> = {};
        await applyChangeSet(db, changeSet, {
          expectedVersion: snapshot.version,
          now: clock.now(),
          signals: deps.signals,
          within: async (trx, result) => {
            if (
              !(await advanceMark(
                trx,
                source.id,
                subject.kind,
                subject.openId,
                eventAt,
                event.event_id,
              ))
            )
              throw new StaleEventError();
            outcome = {
              counts: result.counts,
              removals,
              directory_version: result.directoryVersion,
            };
            await ctx.finish(trx, { status: 'applied', outcome });
          },
        });
        return { status: 'applied', outcome, recorded: true };
      } catch (err) {
        if (err instanceof StaleEventError)
          return { status: 'stale', outcome: { reason: 'newer_event_applied' } };
        if (err instanceof AppError && err.code === 'SYNC_DIRECTORY_CHANGED') continue;
        throw err;
      }
    }
    throw new RetryLaterError('the directory kept changing while the event was applied');
  }

  return async (event, ctx) => {
    const source = await getSourceById(db, event.source_id);
    if (!source || source.status !== 'enabled')
      return { status: 'ignored', outcome: { reason: 'source_closed' } };
    if (event.event_type === T.scopeUpdated)
      return reconcile(source, 'the app contact range changed');
    if (!DIRECTORY_TYPES.has(event.event_type))
      return { status: 'ignored', outcome: { reason: 'unhandled_event_type' } };
    return incremental(source, event, ctx);
  };
}

// Works off the events inbox: claims due events (oldest first, never one another replica holds),
// hands each to the handler and records what became of it. A handler that throws gets the event
// back later with growing back-off; after `maxAttempts` claims the event is marked failed and
// logged. A worker killed mid-event loses nothing: its claim lapses and the row is claimed again.
import type { Clock } from '../clock.ts';
import type { Logger } from '../observability/logger.ts';
import type { Kysely } from 'kysely';
import type { Database } from '../storage/schema.ts';
import {
  claimEvents,
  finishEvent,
  finishEvents,
  releaseEvents,
  retryEventLater,
  type ClaimedEvent,
  type FinalStatus,
} from './inbox.ts';

export interface HandledEvent {
  status: Exclude<FinalStatus, 'failed'>;
  outcome: Record<string, unknown>;
  /** The handler already recorded the outcome inside its own transaction (`ctx.finish`). */
  recorded?: boolean;
}

export interface EventContext {
  /**
   * Records the outcome inside the handler's transaction, so the directory change and "this
   * event is done" commit together. Throws ClaimLostError if the claim lapsed meanwhile (another
   * worker owns the event now): the transaction must then roll back.
   */
  finish(trx: Kysely<Database>, handled: Omit<HandledEvent, 'recorded'>): Promise<void>;
}

export type EventHandler = (event: ClaimedEvent, ctx: EventContext) => Promise<HandledEvent>;

export interface FinishedEvent {
  event: ClaimedEvent;
  status: Exclude<FinalStatus, 'failed'>;
  outcome: Record<string, unknown>;
}

/** What a batch handler may do with the events of one source it was given, in order. */
export interface BatchContext {
  /** Records many outcomes inside trx; throws ClaimLostError if any claim lapsed. */
  finishMany(trx: Kysely<Database>, results: FinishedEvent[]): Promise<void>;
  /** After the commit: counts them. */
  reportFinished(results: FinishedEvent[]): void;
  /** The one-at-a-time path (the event handler, its retries and failures). */
  processOne(event: ClaimedEvent): Promise<void>;
}

/** Handles a run of one source's events together (fewer transactions); see event-batch.ts. */
export type BatchHandler = (events: ClaimedEvent[], ctx: BatchContext) => Promise<void>;

/** The handler cannot succeed however often it is tried (malformed body, ...). */
export class PermanentEventError extends Error {
  override name = 'PermanentEventError';
}

export class ClaimLostError extends Error {
  override name = 'ClaimLostError';
}

export interface EventProcessorOptions {
  db: Kysely<Database>;
  clock: Clock;
  logger: Logger;
  handle: EventHandler;
  /** Who claims (one per process). */
  holder: string;
  batchSize?: number;
  /** How long a claim lasts before another worker may take the event. */
  claimMs?: number;
  maxAttempts?: number;
  /** When given, each source's share of a claimed batch goes through it. */
  handleBatch?: BatchHandler;
  /** Observes each finished event (metrics). */
  onFinished?: (event: ClaimedEvent, status: FinalStatus, finishedAt: Date) => void;
}

/** 2 s, 4 s, 8 s ... at most 5 minutes. */
export const retryDelayMs = (attempts: number): number =>
  Math.min(5 * 60_000, 1000 * 2 ** Math.max(1, attempts));

const describe = (err: unknown): string => {
  const e = err as { code?: unknown; message?: unknown };
  const code = typeof e?.code === 'string' ? `${e.code}: ` : '';
  return `${code}${typeof e?.message === 'string' ? e.message : String(err)}`.slice(0, 500);
};

export function createEventProcessor(options: EventProcessorOptions) {
  const batchSize = options.batchSize ?? 200;
  const claimMs = options.claimMs ?? 60_000;
  const maxAttempts = options.maxAttempts ?? 8;
  const { db, clock, logger, holder } = options;

  async function processOne(event: ClaimedEvent): Promise<void> {
    const ctx: EventContext = {
      async finish(trx, handled) {
        if (
          !(await finishEvent(trx, event.id, holder, handled.status, clock.now(), handled.outcome))
        )
          throw new ClaimLostError(`the claim on event ${event.event_id} lapsed`);
      },
    };
    try {
      const handled = await options.handle(event, ctx);
      const at = clock.now();
      if (handled.recorded) options.onFinished?.(event, handled.status, at);
      else if (await finishEvent(db, event.id, holder, handled.status, at, handled.outcome))
        options.onFinished?.(event, handled.status, at);
    } catch (err) {
      if (err instanceof ClaimLostError) {
        logger.warn({ eventId: event.event_id }, 'event claim lapsed; left to its new holder');
        return;
      }
      const message = describe(err);
      const log = {
        eventId: event.event_id,
        eventType: event.event_type,
        sourceId: event.source_id,
      };
      if (event.attempts >= maxAttempts || err instanceof PermanentEventError) {
        logger.error({ ...log, attempts: event.attempts, error: message }, 'event failed for good');
        const at = clock.now();
        if (
          await finishEvent(
            db,
            event.id,
            holder,
            'failed',
            at,
            { attempts: event.attempts },
            message,
          )
        )
          options.onFinished?.(event, 'failed', at);
      } else {
        logger.warn(
          { ...log, attempts: event.attempts, error: message },
          'event failed, will retry',
        );
        await retryEventLater(
          db,
          event.id,
          holder,
          new Date(clock.now().getTime() + retryDelayMs(event.attempts)),
          message,
        );
      }
    }
  }

  const batchContext: BatchContext = {
    async finishMany(trx, results) {
      const n = await finishEvents(
        trx,
        holder,
        clock.now(),
        results.map((r) => ({ id: r.event.id, status: r.status, outcome: r.outcome })),
      );
      if (n !== results.length) throw new ClaimLostError('a claim in the batch lapsed');
    },
    reportFinished(results) {
      const at = clock.now();
      for (const r of results) options.onFinished?.(r.event, r.status, at);
    },
    processOne,
  };

  /** The claimed events grouped by source, each group in claim order. */
  const bySource = (events: ClaimedEvent[]) => {
    const groups = new Map<string, ClaimedEvent[]>();
    for (const e of events) {
      const g = groups.get(e.source_id);
      if (g) g.push(e);
      else groups.set(e.source_id, [e]);
    }
    return [...groups.values()];
  };

  return {
    /** Claims and processes one batch; resolves to how many events it took. */
    async runOnce(): Promise<number> {
      const claimedAt = clock.now().getTime();
      const events = await claimEvents(db, holder, new Date(claimedAt), claimMs, batchSize);
      if (options.handleBatch) {
        for (const group of bySource(events)) {
          if (clock.now().getTime() - claimedAt > claimMs * 0.8) {
            await releaseEvents(
              db,
              group.map((e) => e.id),
              holder,
            );
            continue;
          }
          try {
            await options.handleBatch(group, batchContext);
          } catch (err) {
            // The batch path gave up on its own: whatever it left, the next claim picks up.
            logger.warn({ err: describe(err) }, 'event batch failed; left for the next claim');
            await releaseEvents(
              db,
              group.map((e) => e.id),
              holder,
            );
          }
        }
        return events.length;
      }
      for (const [i, event] of events.entries()) {
        // A slow batch gives back what it cannot finish while its claim still holds.
        if (clock.now().getTime() - claimedAt > claimMs * 0.8) {
          await releaseEvents(
            db,
            events.slice(i).map((e) => e.id),
            holder,
          );
          return i;
        }
        await processOne(event);
      }
      return events.length;
    },
  };
}

export type EventProcessor = ReturnType<typeof createEventProcessor>;

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
  const batchSize = options.batchSize ?? 50;
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

  return {
    /** Claims and processes one batch; resolves to how many events it took. */
    async runOnce(): Promise<number> {
      const claimedAt = clock.now().getTime();
      const events = await claimEvents(db, holder, new Date(claimedAt), claimMs, batchSize);
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

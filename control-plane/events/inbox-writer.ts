// Group commit for the events inbox: pushes that arrive together are written by one multi-row
// INSERT (one transaction, one WAL flush) instead of one commit each. A push still gets its 200
// only after the statement holding its row has committed, so nothing is answered before it is
// durable; under load, one flush carries everything that queued up during the previous one.
// There is no timer: a flush starts on the next turn of the event loop, and the pushes that
// arrive while it commits make the next one, so a quiet endpoint answers after one commit and a
// busy one writes bigger batches (see ADR 0008 for the figures).
import type { Kysely } from 'kysely';
import { json, type Database } from '../storage/schema.ts';
import type { NewInboxEvent } from './inbox.ts';

interface Waiting {
  event: NewInboxEvent;
  resolve(stored: boolean): void;
  reject(err: unknown): void;
}

export interface InboxWriter {
  /** Resolves true once stored, false if (source, event_id) was already there. */
  store(event: NewInboxEvent): Promise<boolean>;
}

const keyOf = (e: NewInboxEvent) => `${e.sourceId}|${e.eventId}`;

/**
 * SQLSTATE classes 22 (data exception, e.g. a \u0000 that jsonb cannot hold) and 23 (integrity,
 * e.g. a source deleted meanwhile): about one row, not the database being away.
 */
const isRowError = (err: unknown): boolean =>
  /^2[23]/.test(String((err as { code?: unknown } | null)?.code ?? ''));

export function createInboxWriter(db: Kysely<Database>, maxBatch = 500): InboxWriter {
  let queue: Waiting[] = [];
  let flushing = false;

  /** Writes the batch in one statement and answers each push. */
  async function insert(batch: Waiting[]): Promise<void> {
    const inserted = await db
      .insertInto('events_inbox')
      .values(
        batch.map(({ event: e }) => ({
          source_id: e.sourceId,
          event_id: e.eventId,
          event_type: e.eventType,
          payload: json(e.payload),
          received_at: e.receivedAt,
          event_created_at: e.createdAt ?? null,
        })),
      )
      .onConflict((oc) => oc.columns(['source_id', 'event_id']).doNothing())
      .returning(['source_id', 'event_id'])
      .execute();
    const fresh = new Set(inserted.map((r) => `${r.source_id}|${r.event_id}`));
    // The first push of a key in the batch stored it; any other copy is a duplicate.
    for (const w of batch) w.resolve(fresh.delete(keyOf(w.event)));
  }

  async function flush(): Promise<void> {
    flushing = true;
    try {
      while (queue.length > 0) {
        const batch = queue.slice(0, maxBatch);
        queue = queue.slice(batch.length);
        try {
          await insert(batch);
        } catch (err) {
          if (batch.length === 1 || !isRowError(err)) for (const w of batch) w.reject(err);
          // One row the database refuses must not fail the pushes that shared its statement:
          // each is written on its own, so only that one push gets the error.
          else for (const w of batch) await insert([w]).catch((e: unknown) => w.reject(e));
        }
      }
    } finally {
      flushing = false;
    }
  }

  return {
    store(event) {
      return new Promise<boolean>((resolve, reject) => {
        queue.push({ event, resolve, reject });
        // Started on the next turn of the event loop, so pushes being parsed right now join it.
        if (!flushing) {
          flushing = true;
          setImmediate(() => void flush());
        }
      });
    },
  };
}

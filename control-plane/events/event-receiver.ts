// Receiving one push at a source's event URL: find the source's keys, verify the push (nothing
// is stored unless it is genuine), answer a challenge at once, store an event durably (a
// duplicate is a no-op) and only then say so; the processor takes it from the inbox.
import type { Kysely } from 'kysely';
import { AppError } from '../../shared/domain/errors/index.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../storage/schema.ts';
import type { ParsedPush } from './event-envelope.ts';
import { verifyPush, type PushHeaders } from './event-verification.ts';
import { createInboxWriter } from './inbox-writer.ts';
import type { SourceEventKeyCache } from './source-event-keys.ts';

export type ReceiveResult =
  | { kind: 'challenge'; challenge: string }
  | { kind: 'stored'; eventType: string }
  | { kind: 'duplicate'; eventType: string }
  | { kind: 'source_closed'; eventType: string };

export interface EventReceiverDeps {
  db: Kysely<Database>;
  clock: Clock;
  keys: SourceEventKeyCache;
  replayWindowSeconds?: number;
  /** Called after a new event is stored (wakes the processor in this process). */
  onStored?: (sourceId: string) => void;
}

export function createEventReceiver(deps: EventReceiverDeps) {
  const inbox = createInboxWriter(deps.db);
  async function verified(sourceId: string, rawBody: Buffer, headers: PushHeaders) {
    const options = {
      nowMs: deps.clock.now().getTime(),
      replayWindowSeconds: deps.replayWindowSeconds,
    };
    let cached = await deps.keys.get(sourceId);
    for (;;) {
      if (!cached.info) throw new AppError('EVENT_SOURCE_NOT_FOUND');
      try {
        return { info: cached.info, push: verifyPush(rawBody, headers, cached.info, options) };
      } catch (err) {
        // Keys changed in the console a moment ago? Check once more against fresh ones.
        if (cached.fresh || !(err instanceof AppError)) throw err;
        cached = await deps.keys.get(sourceId, { fresh: true });
      }
    }
  }

  return {
    async receive(sourceId: string, rawBody: Buffer, headers: PushHeaders): Promise<ReceiveResult> {
      const { info, push } = await verified(sourceId, rawBody, headers);
      return handle(info.sourceId, info.status, push);
    },
  };

  async function handle(
    sourceId: string,
    status: 'enabled' | 'closed',
    push: ParsedPush,
  ): Promise<ReceiveResult> {
    if (push.kind === 'challenge') return { kind: 'challenge', challenge: push.challenge };
    // A closed source syncs nothing; answering 200 stops Feishu's retries. Re-enabling it starts
    // from a full sync, which catches up on whatever was missed.
    if (status === 'closed') return { kind: 'source_closed', eventType: push.eventType };
    const stored = await inbox.store({
      sourceId,
      eventId: push.eventId,
      eventType: push.eventType,
      createdAt: push.createdAt,
      payload: push.payload,
      receivedAt: deps.clock.now(),
    });
    if (stored) deps.onStored?.(sourceId);
    return { kind: stored ? 'stored' : 'duplicate', eventType: push.eventType };
  }
}

export type EventReceiver = ReturnType<typeof createEventReceiver>;

// The push streams open on this replica, by session. A bus notice (any replica committed events
// for a session) makes the hub read that session's events after the last sequence each stream
// sent and write them, in order; the session-revoked event is the last a stream gets before it
// is closed. Heartbeats keep proxies from timing the stream out. A sweep re-reads events and
// session state for every open stream now and then, so a notice lost with a dropped LISTEN
// connection, or a revocation that never happened (a lost signal, an expired session), still
// reaches the client.
import type { ServerResponse } from 'node:http';
import type { Kysely } from 'kysely';
import { HEARTBEAT_EVENT } from '../../shared/domain/auth/stream-events.ts';
import type { Clock } from '../clock.ts';
import type { Logger } from '../observability/logger.ts';
import { sessionProblem } from '../sessions/session-state.ts';
import { sessionStateQuery } from '../storage/repositories/client-sessions.ts';
import {
  appendSessionEvents,
  eventsAfter,
  type SessionEventRow,
} from '../storage/repositories/session-events.ts';
import type { Database } from '../storage/schema.ts';
import type { SessionRevoker } from '../sessions/session-revoker.ts';
import { REVOKED_REASON_ERROR } from '../../shared/domain/auth/stream-events.ts';
import type { SessionEventBus } from './session-event-bus.ts';
import { SSE_HEADERS, sseEvent, writeSse } from './sse-writer.ts';

const MAX_BUFFERED = 1024 * 1024;
const BATCH_IDS = 500;
const PAGE = 1000;

interface Stream {
  sessionId: string;
  lastSeq: number;
  res: ServerResponse;
}

export interface StreamHubOptions {
  db: Kysely<Database>;
  clock: Clock;
  bus: SessionEventBus;
  revoker: SessionRevoker;
  logger: Logger;
  heartbeatMs: number;
  sweepMs?: number;
}

export interface StreamHub {
  /** Takes over the response; `lastEventId` resumes after that sequence. */
  open(res: ServerResponse, sessionId: string, lastEventId: number | undefined): Promise<void>;
  size(): number;
  /** Re-reads every open stream's events and session state now. */
  sweep(): Promise<void>;
  close(): Promise<void>;
}

export function createStreamHub(options: StreamHubOptions): StreamHub {
  const { db, clock, bus, logger } = options;
  const bySession = new Map<string, Set<Stream>>();
  const pending = new Set<string>();
  let flushing: Promise<void> | undefined;
  let closed = false;

  const remove = (s: Stream) => {
    const set = bySession.get(s.sessionId);
    set?.delete(s);
    if (set && set.size === 0) bySession.delete(s.sessionId);
  };

  function send(s: Stream, e: SessionEventRow): void {
    if (e.seq <= s.lastSeq) return;
    s.lastSeq = e.seq;
    if (!writeSse(s.res, sseEvent(e.type, e.payload, e.seq), MAX_BUFFERED)) return remove(s);
    if (e.type === 'session-revoked') {
      remove(s);
      s.res.end();
    }
  }

  async function deliver(ids: string[]): Promise<void> {
    for (let i = 0; i < ids.length; i += BATCH_IDS) {
      let chunk = ids.slice(i, i + BATCH_IDS).filter((id) => bySession.has(id));
      while (chunk.length > 0) {
        const streams = chunk.flatMap((id) => [...(bySession.get(id) ?? [])]);
        if (streams.length === 0) break;
        const from = Math.min(...streams.map((s) => s.lastSeq));
        const events = await eventsAfter(db, chunk, from, PAGE);
        for (const e of events)
          for (const s of [...(bySession.get(e.session_id) ?? [])]) send(s, e);
        if (events.length < PAGE) break;
        chunk = chunk.filter((id) => bySession.has(id));
      }
    }
  }

  function schedule(ids: string[]): void {
    for (const id of ids) if (bySession.has(id)) pending.add(id);
    if (pending.size === 0 || flushing || closed) return;
    flushing = (async () => {
      while (pending.size > 0 && !closed) {
        const ids = [...pending];
        pending.clear();
        try {
          await deliver(ids);
        } catch (err) {
          logger.error({ err: { message: (err as Error).message } }, 'stream delivery failed');
        }
      }
    })().finally(() => (flushing = undefined));
  }

  const unsubscribe = bus.subscribe(schedule);
  const unresync = bus.onResync(() => schedule([...bySession.keys()]));

  /** Sessions with open streams that are not live but have no revocation yet get one now. */
  async function repair(ids: string[]): Promise<void> {
    const now = clock.now();
    const states = new Map(
      (await sessionStateQuery(db).where('s.id', 'in', ids).execute()).map((r) => [r.id, r]),
    );
    for (const id of ids) {
      const state = states.get(id);
      const problem = sessionProblem(state, now);
      if (!problem || state?.revoked_at) continue;
      if (state) {
        await options.revoker.revoke({ sessionId: id }, problem, 'system');
      } else {
        // The session row is gone (its tenant or source was deleted): say so on the stream.
        await appendSessionEvents(
          db,
          [
            {
              sessionId: id,
              type: 'session-revoked',
              payload: {
                type: 'session-revoked',
                session_id: id,
                reason: 'deleted',
                error_code: REVOKED_REASON_ERROR.deleted,
                at: now.toISOString(),
              },
            },
          ],
          now,
        );
        await bus.publish([id]);
      }
    }
  }

  async function sweep(): Promise<void> {
    const ids = [...bySession.keys()];
    for (let i = 0; i < ids.length; i += BATCH_IDS) await repair(ids.slice(i, i + BATCH_IDS));
    schedule(ids);
    await flushing;
  }

  const heartbeat = setInterval(() => {
    const text = sseEvent(HEARTBEAT_EVENT, { at: clock.now().toISOString() });
    for (const set of bySession.values())
      for (const s of [...set]) if (!writeSse(s.res, text, MAX_BUFFERED)) remove(s);
  }, options.heartbeatMs);
  heartbeat.unref();
  const sweeper = setInterval(() => {
    sweep().catch((err: Error) =>
      logger.error({ err: { message: err.message } }, 'stream sweep failed'),
    );
  }, options.sweepMs ?? 30_000);
  sweeper.unref();

  return {
    async open(res, sessionId, lastEventId) {
      const state = await sessionStateQuery(db)
        .select((eb) =>
          eb
            .selectFrom('session_events as e')
            .select((e) => e.fn.max('e.seq').as('seq'))
            .whereRef('e.session_id', '=', 's.id')
            .as('last_seq'),
        )
        .where('s.id', '=', sessionId)
        .executeTakeFirst();
      const live = !sessionProblem(state, clock.now());
      // Without Last-Event-ID a live session starts from now; a dead one gets its revocation.
      const start = lastEventId ?? (live ? Number(state?.last_seq ?? 0) : 0);
      // Registered before the client sees the stream open: whatever commits after `start` is
      // either announced to this stream or read by the delivery scheduled below.
      const stream: Stream = { sessionId, lastSeq: start, res };
      let set = bySession.get(sessionId);
      if (!set) bySession.set(sessionId, (set = new Set()));
      set.add(stream);
      res.on('close', () => remove(stream));
      res.writeHead(200, SSE_HEADERS);
      res.write(`retry: 3000\n\n`);
      if (!live && !state?.revoked_at) await repair([sessionId]);
      schedule([sessionId]);
    },
    size: () => [...bySession.values()].reduce((n, s) => n + s.size, 0),
    sweep,
    async close() {
      closed = true;
      clearInterval(heartbeat);
      clearInterval(sweeper);
      unsubscribe();
      unresync();
      await flushing;
      for (const set of bySession.values()) for (const s of set) s.res.end();
      bySession.clear();
    },
  };
}

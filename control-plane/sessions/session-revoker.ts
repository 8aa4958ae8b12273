// Ends sessions and announces it: one transaction marks them revoked and appends their
// session-revoked events (source-closed first when a source was closed), then the bus tells
// every replica's streams. Revoking is idempotent: a session already revoked keeps its first
// reason and gets no second event.
import type { Kysely } from 'kysely';
import {
  REVOKED_REASON_ERROR,
  type SessionRevokedReason,
} from '../../shared/domain/auth/stream-events.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../storage/schema.ts';
import {
  appendSessionEvents,
  type NewSessionEvent,
} from '../storage/repositories/session-events.ts';
import type { SessionEventBus } from '../stream/session-event-bus.ts';
import '../storage/session-tables.ts';

export type RevokeTarget =
  | { sessionId: string; tenantId?: string }
  | { userId: string; tenantId?: string }
  | { sourceId: string }
  | { tenantId: string };

export interface SessionRevoker {
  /** Revokes inside the caller's transaction; publish the returned ids after it commits. */
  revokeIn(
    trx: Kysely<Database>,
    target: RevokeTarget,
    reason: SessionRevokedReason,
    by: string | null,
  ): Promise<string[]>;
  /** Revokes in its own transaction and publishes; returns the sessions it ended. */
  revoke(target: RevokeTarget, reason: SessionRevokedReason, by: string | null): Promise<string[]>;
  publish(sessionIds: string[]): Promise<void>;
}

export function createSessionRevoker(deps: {
  db: Kysely<Database>;
  clock: Clock;
  bus: SessionEventBus;
}): SessionRevoker {
  const { db, clock, bus } = deps;

  async function revokeIn(
    trx: Kysely<Database>,
    target: RevokeTarget,
    reason: SessionRevokedReason,
    by: string | null,
  ): Promise<string[]> {
    const now = clock.now();
    let q = trx
      .updateTable('client_sessions')
      .set({ revoked_at: now, revoked_reason: reason, revoked_by: by })
      .where('revoked_at', 'is', null);
    if ('sessionId' in target) q = q.where('id', '=', target.sessionId);
    else if ('userId' in target) q = q.where('user_id', '=', target.userId);
    else if ('sourceId' in target) q = q.where('source_id', '=', target.sourceId);
    if ('tenantId' in target && target.tenantId) q = q.where('tenant_id', '=', target.tenantId);
    const rows = await q.returning(['id', 'source_id']).execute();
    if (rows.length === 0) return [];
    const at = now.toISOString();
    const events: NewSessionEvent[] = [];
    for (const r of rows) {
      if (reason === 'source_closed') {
        events.push({
          sessionId: r.id,
          type: 'source-closed',
          payload: { type: 'source-closed', session_id: r.id, source_id: r.source_id, at },
        });
      }
      events.push({
        sessionId: r.id,
        type: 'session-revoked',
        payload: {
          type: 'session-revoked',
          session_id: r.id,
          reason,
          error_code: REVOKED_REASON_ERROR[reason],
          at,
        },
      });
    }
    await appendSessionEvents(trx, events, now);
    return rows.map((r) => r.id);
  }

  return {
    revokeIn,
    async revoke(target, reason, by) {
      const ids = await db.transaction().execute((trx) => revokeIn(trx, target, reason, by));
      await bus.publish(ids);
      return ids;
    },
    publish: (ids) => bus.publish(ids),
  };
}

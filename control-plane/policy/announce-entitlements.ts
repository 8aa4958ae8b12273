// Tells many users' clients at once that their entitlements changed: one transaction per chunk
// bumps each user's entitlement version and appends an entitlements-changed event to each of
// their live sessions (the push stream's log), then the sessions are published on the session
// bus. The sessions module's per-user `entitlementsChanged` does the same for one user; a
// policy change may concern thousands, and one transaction each took ~7.6 ms on PGlite
// (bench/entitlements-refresh.bench.ts), i.e. over a minute for 10,000 users.
import { sql, type Kysely } from 'kysely';
import type { Clock } from '../clock.ts';
import { appendSessionEvents } from '../storage/repositories/session-events.ts';
import type { Database } from '../storage/schema.ts';
import '../storage/session-tables.ts';

const CHUNK = 1000;

export type PublishSessions = (sessionIds: string[]) => Promise<void>;

export function createEntitlementAnnouncer(deps: {
  db: Kysely<Database>;
  clock: Clock;
  publish: PublishSessions;
}) {
  const { db, clock, publish } = deps;

  /** Returns the sessions told. */
  return async function announce(tenantId: string, userIds: readonly string[]): Promise<number> {
    // One lock order for every announcer: sorted ids.
    const ids = [...new Set(userIds)].sort();
    let told = 0;
    for (let i = 0; i < ids.length; i += CHUNK) {
      const chunk = ids.slice(i, i + CHUNK);
      const sessions = await db.transaction().execute(async (trx) => {
        const now = clock.now();
        const versions = await trx
          .insertInto('user_entitlements')
          .values(
            chunk.map((id) => ({ user_id: id, tenant_id: tenantId, version: 1, updated_at: now })),
          )
          .onConflict((oc) =>
            oc.column('user_id').doUpdateSet({
              version: sql`user_entitlements.version + 1`,
              updated_at: now,
            }),
          )
          .returning(['user_id', 'version'])
          .execute();
        const versionOf = new Map(versions.map((r) => [r.user_id, Number(r.version)]));
        // Locking the live sessions orders their events by sequence (session-events.ts).
        const live = await trx
          .selectFrom('client_sessions')
          .select(['id', 'user_id'])
          .where('user_id', 'in', chunk)
          .where('revoked_at', 'is', null)
          .where('expires_at', '>', now)
          .orderBy('id')
          .forUpdate()
          .execute();
        const at = now.toISOString();
        await appendSessionEvents(
          trx,
          live.map((s) => ({
            sessionId: s.id,
            type: 'entitlements-changed',
            payload: {
              type: 'entitlements-changed',
              session_id: s.id,
              entitlement_version: versionOf.get(s.user_id)!,
              at,
            },
          })),
          now,
        );
        return live.map((s) => s.id);
      });
      await publish(sessions);
      told += sessions.length;
    }
    return told;
  };
}

export type EntitlementAnnouncer = ReturnType<typeof createEntitlementAnnouncer>;

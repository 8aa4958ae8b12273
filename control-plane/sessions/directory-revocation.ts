// What sessions do when the directory, a source or a tenant changes: a disabled, resigned or
// deleted user loses every session; a department or attribute change bumps the user's
// entitlement version and tells their live sessions (entitlements-changed); a closed source or
// suspended tenant ends all its sessions. The listener half plugs into DirectorySignals.
import type { Kysely } from 'kysely';
import type { Clock } from '../clock.ts';
import type { DirectorySignalListener } from '../directory/signals.ts';
import { bumpEntitlementVersion } from '../storage/repositories/client-sessions.ts';
import { appendSessionEvents } from '../storage/repositories/session-events.ts';
import type { Database } from '../storage/schema.ts';
import type { SessionRevoker } from './session-revoker.ts';
import '../storage/session-tables.ts';

export interface DirectoryRevocation extends Required<DirectorySignalListener> {
  sourceClosed(sourceId: string, by: string | null): Promise<string[]>;
  tenantSuspended(tenantId: string, by: string | null): Promise<string[]>;
  /** Bumps the version and announces it; returns the new version. */
  entitlementsChanged(userId: string): Promise<number | undefined>;
}

export function createDirectoryRevocation(deps: {
  db: Kysely<Database>;
  clock: Clock;
  revoker: SessionRevoker;
}): DirectoryRevocation {
  const { db, clock, revoker } = deps;

  async function entitlementsChanged(userId: string): Promise<number | undefined> {
    const result = await db.transaction().execute(async (trx) => {
      const user = await trx
        .selectFrom('directory_users as u')
        .innerJoin('identity_sources as src', 'src.id', 'u.source_id')
        .select(['u.id', 'src.tenant_id'])
        .where('u.id', '=', userId)
        .executeTakeFirst();
      if (!user) return undefined;
      const now = clock.now();
      const version = await bumpEntitlementVersion(trx, userId, user.tenant_id, now);
      // Locking the live sessions orders their events by sequence (session-events.ts).
      const live = await trx
        .selectFrom('client_sessions')
        .select('id')
        .where('user_id', '=', userId)
        .where('revoked_at', 'is', null)
        .where('expires_at', '>', now)
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
            entitlement_version: version,
            at,
          },
        })),
        now,
      );
      return { version, ids: live.map((s) => s.id) };
    });
    if (!result) return undefined;
    await revoker.publish(result.ids);
    return result.version;
  }

  return {
    async onUserDisabled(userId) {
      await revoker.revoke({ userId }, 'user_disabled', 'directory');
    },
    async onUserAttributesChanged(userId) {
      await entitlementsChanged(userId);
    },
    sourceClosed: (sourceId, by) => revoker.revoke({ sourceId }, 'source_closed', by),
    tenantSuspended: (tenantId, by) => revoker.revoke({ tenantId }, 'tenant_suspended', by),
    entitlementsChanged,
  };
}

// Sessions for administrators: listed per tenant (optionally per user), revoked one at a time
// or all of a user's, each revocation in one transaction with its audit entry. Signing-key
// rotation is a platform admin's. Tenant isolation as everywhere: another tenant's session is
// simply not found.
import type { Kysely } from 'kysely';
import { AppError } from '../../shared/domain/errors/index.ts';
import { adminActor, writeAudit } from '../audit/audit-writer.ts';
import { isPlatformAdmin, scopeOf, type RequestContext } from '../auth/actor.ts';
import type { Clock } from '../clock.ts';
import { listSessions, type SessionListQuery } from '../storage/repositories/client-sessions.ts';
import { getTenant } from '../storage/repositories/tenants.ts';
import type { Database } from '../storage/schema.ts';
import type { SessionRevoker } from './session-revoker.ts';
import type { KeyRing } from './signing-keys.ts';
import '../storage/session-tables.ts';

export function createSessionAdmin(deps: {
  db: Kysely<Database>;
  clock: Clock;
  revoker: SessionRevoker;
  keys: KeyRing;
}) {
  const { db, clock, revoker } = deps;

  async function mustSeeTenant(ctx: RequestContext, tenantId: string) {
    const tenant = await getTenant(db, scopeOf(ctx.actor), tenantId);
    if (!tenant) throw new AppError('TENANT_NOT_FOUND');
    return tenant;
  }

  return {
    async list(ctx: RequestContext, tenantId: string, query: SessionListQuery) {
      await mustSeeTenant(ctx, tenantId);
      return listSessions(db, tenantId, query, clock.now());
    },

    async revokeOne(ctx: RequestContext, tenantId: string, sessionId: string): Promise<boolean> {
      await mustSeeTenant(ctx, tenantId);
      const ids = await db.transaction().execute(async (trx) => {
        const found = await trx
          .selectFrom('client_sessions')
          .select(['id', 'user_id', 'device_name', 'revoked_at'])
          .where('id', '=', sessionId)
          .where('tenant_id', '=', tenantId)
          .executeTakeFirst();
        if (!found) throw new AppError('SESSION_NOT_FOUND');
        const revoked = await revoker.revokeIn(
          trx,
          { sessionId, tenantId },
          'admin',
          ctx.actor.adminId,
        );
        if (revoked.length > 0) {
          await writeAudit(trx, clock, adminActor(ctx), {
            action: 'client_session.revoke',
            targetType: 'client_session',
            targetId: sessionId,
            tenantId,
            after: { user_id: found.user_id, device_name: found.device_name },
          });
        }
        return revoked;
      });
      await revoker.publish(ids);
      return ids.length > 0;
    },

    async revokeUser(ctx: RequestContext, tenantId: string, userId: string): Promise<number> {
      await mustSeeTenant(ctx, tenantId);
      const ids = await db.transaction().execute(async (trx) => {
        const revoked = await revoker.revokeIn(
          trx,
          { userId, tenantId },
          'admin',
          ctx.actor.adminId,
        );
        await writeAudit(trx, clock, adminActor(ctx), {
          action: 'client_session.revoke_user',
          targetType: 'directory_user',
          targetId: userId,
          tenantId,
          after: { sessions_revoked: revoked.length },
        });
        return revoked;
      });
      await revoker.publish(ids);
      return ids.length;
    },

    async listKeys(ctx: RequestContext) {
      if (!isPlatformAdmin(ctx.actor)) throw new AppError('AUTH_FORBIDDEN');
      return deps.keys.list();
    },

    async rotateKey(ctx: RequestContext): Promise<string> {
      if (!isPlatformAdmin(ctx.actor)) throw new AppError('AUTH_FORBIDDEN');
      const kid = await deps.keys.rotate();
      await writeAudit(db, clock, adminActor(ctx), {
        action: 'signing_key.rotate',
        targetType: 'signing_key',
        targetId: kid,
        tenantId: null,
      });
      return kid;
    },
  };
}

export type SessionAdmin = ReturnType<typeof createSessionAdmin>;

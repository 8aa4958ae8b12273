// Keys access gateways present to the decision endpoints, one or more per tenant. Made by an
// admin and shown once; only the SHA-256 digest is stored, with a short prefix to recognise it
// by. A key answers for its tenant only: a token of another tenant is invalid at its gateway.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { AppError } from '../../shared/domain/errors/index.ts';
import { adminActor, writeAudit } from '../audit/audit-writer.ts';
import { scopeOf, type RequestContext } from '../auth/actor.ts';
import type { Clock } from '../clock.ts';
import { randomToken, sha256Hex } from '../security/tokens.ts';
import { getTenant } from '../storage/repositories/tenants.ts';
import type { Database } from '../storage/schema.ts';
import '../storage/policy-tables.ts';

export const GATEWAY_KEY_PREFIX = 'ghgw_';
const KEY_SHAPE = /^ghgw_[A-Za-z0-9_-]{43}$/;
const LAST_USED_EVERY_MS = 60_000;

export interface GatewayKeyView {
  id: string;
  name: string;
  prefix: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface GatewayIdentity {
  keyId: string;
  tenantId: string;
}

const view = (r: {
  id: string;
  name: string;
  key_prefix: string;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}): GatewayKeyView => ({
  id: r.id,
  name: r.name,
  prefix: r.key_prefix,
  created_at: r.created_at.toISOString(),
  last_used_at: r.last_used_at?.toISOString() ?? null,
  revoked_at: r.revoked_at?.toISOString() ?? null,
});

export function createGatewayKeys(deps: { db: Kysely<Database>; clock: Clock }) {
  const { db, clock } = deps;

  async function mustSeeTenant(ctx: RequestContext, tenantId: string): Promise<void> {
    if (!(await getTenant(db, scopeOf(ctx.actor), tenantId)))
      throw new AppError('TENANT_NOT_FOUND');
  }

  return {
    async create(ctx: RequestContext, tenantId: string, name: string) {
      await mustSeeTenant(ctx, tenantId);
      const key = `${GATEWAY_KEY_PREFIX}${randomToken(32)}`;
      const now = clock.now();
      const row = {
        id: randomUUID(),
        tenant_id: tenantId,
        name,
        key_hash: sha256Hex(key),
        key_prefix: key.slice(0, GATEWAY_KEY_PREFIX.length + 6),
        created_by: ctx.actor.adminId,
        created_at: now,
        last_used_at: null,
        revoked_at: null,
      };
      await db.transaction().execute(async (trx) => {
        await trx.insertInto('gateway_keys').values(row).execute();
        await writeAudit(trx, clock, adminActor(ctx), {
          action: 'gateway_key.create',
          targetType: 'gateway_key',
          targetId: row.id,
          tenantId,
          after: { name, prefix: row.key_prefix },
        });
      });
      return { ...view(row), key };
    },

    async list(ctx: RequestContext, tenantId: string): Promise<GatewayKeyView[]> {
      await mustSeeTenant(ctx, tenantId);
      const rows = await db
        .selectFrom('gateway_keys')
        .select(['id', 'name', 'key_prefix', 'created_at', 'last_used_at', 'revoked_at'])
        .where('tenant_id', '=', tenantId)
        .orderBy('created_at', 'desc')
        .execute();
      return rows.map(view);
    },

    async revoke(ctx: RequestContext, tenantId: string, id: string): Promise<void> {
      await mustSeeTenant(ctx, tenantId);
      await db.transaction().execute(async (trx) => {
        const found = await trx
          .selectFrom('gateway_keys')
          .select(['id', 'name', 'key_prefix', 'revoked_at'])
          .where('tenant_id', '=', tenantId)
          .where('id', '=', id)
          .forUpdate()
          .executeTakeFirst();
        if (!found) throw new AppError('GATEWAY_KEY_NOT_FOUND');
        if (found.revoked_at) return;
        await trx
          .updateTable('gateway_keys')
          .set({ revoked_at: clock.now() })
          .where('id', '=', id)
          .execute();
        await writeAudit(trx, clock, adminActor(ctx), {
          action: 'gateway_key.revoke',
          targetType: 'gateway_key',
          targetId: id,
          tenantId,
          before: { name: found.name, prefix: found.key_prefix },
        });
      });
    },

    /** The tenant a presented key answers for; throws GATEWAY_KEY_* when it does not. */
    async authenticate(presented: string | undefined): Promise<GatewayIdentity> {
      if (!presented) throw new AppError('GATEWAY_KEY_REQUIRED');
      if (!KEY_SHAPE.test(presented)) throw new AppError('GATEWAY_KEY_INVALID');
      const row = await db
        .selectFrom('gateway_keys as k')
        .innerJoin('tenants as t', 't.id', 'k.tenant_id')
        .select(['k.id', 'k.tenant_id', 'k.last_used_at', 'k.revoked_at'])
        .where('k.key_hash', '=', sha256Hex(presented))
        .executeTakeFirst();
      if (!row || row.revoked_at) throw new AppError('GATEWAY_KEY_INVALID');
      const now = clock.now();
      if (!row.last_used_at || now.getTime() - row.last_used_at.getTime() > LAST_USED_EVERY_MS) {
        await db
          .updateTable('gateway_keys')
          .set({ last_used_at: now })
          .where('id', '=', row.id)
          .execute();
      }
      return { keyId: row.id, tenantId: row.tenant_id };
    },
  };
}

export type GatewayKeys = ReturnType<typeof createGatewayKeys>;

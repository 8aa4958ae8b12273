// The audit log, newest first. A tenant admin sees only its tenant's entries.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { AppError } from '../../../shared/domain/errors/index.ts';
import { scopeOf } from '../../auth/actor.ts';
import { contextOf } from '../../auth/session-guard.ts';
import { listAudit } from '../../storage/repositories/audit-log.ts';
import type { AuditRow, Database } from '../../storage/schema.ts';
import { scopeAllows } from '../../storage/tenant-scope.ts';
import { auditPage, auditQuery } from '../schemas/audit.ts';
import { AUTHED_ERRORS, errors } from '../schemas/common.ts';

const auditView = (r: AuditRow) => ({
  id: r.id,
  at: r.at.toISOString(),
  tenant_id: r.tenant_id,
  actor: { type: r.actor_type, id: r.actor_id, label: r.actor_label },
  action: r.action,
  target_type: r.target_type,
  target_id: r.target_id,
  before: r.before,
  after: r.after,
  request_id: r.request_id,
  ip: r.ip,
});

export const auditRoutes: FastifyPluginAsyncZod<{ db: Kysely<Database> }> = async (app, { db }) => {
  app.get(
    '/audit-log',
    {
      schema: {
        tags: ['audit'],
        summary:
          'Audit entries, filtered, newest first; pass next_cursor as cursor for the next page',
        querystring: auditQuery,
        response: { 200: auditPage, ...errors(...AUTHED_ERRORS) },
      },
    },
    async (req) => {
      const q = req.query;
      const scope = scopeOf(contextOf(req).actor);
      // Asking for another tenant's trail is answered like asking for that tenant.
      if (q.tenant_id && !scopeAllows(scope, q.tenant_id)) throw new AppError('TENANT_NOT_FOUND');
      const page = await listAudit(db, scope, {
        tenantId: q.tenant_id,
        actorId: q.actor_id,
        action: q.action,
        targetType: q.target_type,
        targetId: q.target_id,
        from: q.from ? new Date(q.from) : undefined,
        to: q.to ? new Date(q.to) : undefined,
        beforeId: q.cursor,
        limit: q.limit,
      });
      return {
        items: page.items.map(auditView),
        next_cursor: page.nextCursor === null ? null : String(page.nextCursor),
      };
    },
  );
};

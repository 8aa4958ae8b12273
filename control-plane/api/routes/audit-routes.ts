// The audit log, newest first, and its CSV export. A tenant admin sees only its tenant's
// entries.
import { Readable } from 'node:stream';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { AppError } from '../../../shared/domain/errors/index.ts';
import { auditCsv } from '../../audit/audit-csv.ts';
import { scopeOf } from '../../auth/actor.ts';
import { contextOf } from '../../auth/session-guard.ts';
import { listAudit } from '../../storage/repositories/audit-log.ts';
import type { AuditRow, Database } from '../../storage/schema.ts';
import { scopeAllows } from '../../storage/tenant-scope.ts';
import { auditExportQuery, auditPage, auditQuery } from '../schemas/audit.ts';
import { AUTHED_ERRORS, errors } from '../schemas/common.ts';

const filterOf = (q: z.output<typeof auditExportQuery>) => ({
  tenantId: q.tenant_id,
  actorId: q.actor_id,
  action: q.action,
  targetType: q.target_type,
  targetId: q.target_id,
  from: q.from ? new Date(q.from) : undefined,
  to: q.to ? new Date(q.to) : undefined,
});

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
        ...filterOf(q),
        beforeId: q.cursor,
        limit: q.limit,
      });
      return {
        items: page.items.map(auditView),
        next_cursor: page.nextCursor === null ? null : String(page.nextCursor),
      };
    },
  );

  app.get(
    '/audit-log/export',
    {
      schema: {
        tags: ['audit'],
        summary:
          'Every audit entry matching the filters as CSV (UTF-8 with BOM, newest first, streamed); cells a spreadsheet would evaluate are prefixed with an apostrophe',
        querystring: auditExportQuery,
        response: {
          200: z.unknown().meta({ description: 'text/csv' }),
          ...errors(...AUTHED_ERRORS),
        },
      },
    },
    async (req, reply) => {
      const q = req.query;
      const scope = scopeOf(contextOf(req).actor);
      if (q.tenant_id && !scopeAllows(scope, q.tenant_id)) throw new AppError('TENANT_NOT_FOUND');
      const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="audit-log-${stamp}.csv"`)
        .header('cache-control', 'no-store')
        .send(Readable.from(auditCsv(db, scope, filterOf(q))));
    },
  );
};

// The connectivity test and sync runs of an identity source: test, sync now, runs (list,
// detail, pending changes), approve, discard. Each route answers under the tenant
// (/tenants/:tenantId/identity-sources/:sourceId/...) and under the short /sources/:sourceId/...;
// both resolve the source through the caller's tenant scope (another tenant's source is a 404).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { contextOf } from '../../auth/session-guard.ts';
import type { ConnectivityService } from '../../feishu/connectivity-service.ts';
import type { SyncService } from '../../sync/sync-service.ts';
import { syncRunView } from '../../sync/sync-run-view.ts';
import { localeOf } from '../locale-of.ts';
import { AUTHED_ERRORS, errors } from '../schemas/common.ts';
import {
  approveAnswer,
  changesQuery,
  connectivityAnswer,
  nestedRunParams,
  nestedSourceParams,
  pendingChangePage,
  runListQuery,
  shortRunParams,
  shortSourceParams,
  syncRunDetail,
  syncRunPage,
  syncRunSchema,
} from '../schemas/sync.ts';

export interface SyncRouteDeps {
  sync: SyncService;
  connectivity: ConnectivityService;
  /** Wakes this replica's sync worker after "sync now" (others poll). */
  wakeSync?: () => void;
}

type SourceParams = { tenantId?: string; sourceId: string };
type RunParams = SourceParams & { runId: string };

export const syncRoutes: FastifyPluginAsyncZod<SyncRouteDeps> = async (app, deps) => {
  const tags = ['sync'];
  const errs = errors(...AUTHED_ERRORS, 409, 422, 502);
  const spellings = [
    {
      base: '/tenants/:tenantId/identity-sources/:sourceId',
      source: nestedSourceParams as z.ZodType<SourceParams>,
      run: nestedRunParams as z.ZodType<RunParams>,
    },
    {
      base: '/sources/:sourceId',
      source: shortSourceParams as z.ZodType<SourceParams>,
      run: shortRunParams as z.ZodType<RunParams>,
    },
  ];

  for (const { base, source, run } of spellings) {
    app.post(
      `${base}/connectivity-test`,
      {
        schema: {
          tags,
          summary:
            'Test the App ID/Secret, granted permissions and contact range with Feishu/Lark; the result is kept on the source',
          params: source,
          response: { 200: connectivityAnswer, ...errs },
        },
      },
      async (req) => {
        const { sourceId, tenantId } = req.params;
        const r = await deps.connectivity.test(contextOf(req), tenantId, sourceId);
        return {
          ...r.result,
          checked_at: r.checkedAt.toISOString(),
          credentials_version: r.source.credentials_version,
        };
      },
    );

    app.post(
      `${base}/sync`,
      {
        schema: {
          tags,
          summary: 'Sync now: queues a full sync (409 while one is queued or running)',
          params: source,
          response: { 202: syncRunSchema, ...errs },
        },
      },
      async (req, reply) => {
        const { sourceId, tenantId } = req.params;
        const queued = await deps.sync.syncNow(contextOf(req), tenantId, sourceId);
        deps.wakeSync?.();
        return reply.status(202).send(syncRunView(queued, localeOf(req)));
      },
    );

    app.get(
      `${base}/sync-runs`,
      {
        schema: {
          tags,
          summary: 'Sync runs of the source, newest first',
          params: source,
          querystring: runListQuery,
          response: { 200: syncRunPage, ...errs },
        },
      },
      async (req) => {
        const { sourceId, tenantId } = req.params;
        const { page, page_size, status } = req.query;
        const r = await deps.sync.listRuns(contextOf(req), tenantId, sourceId, {
          status,
          limit: page_size,
          offset: (page - 1) * page_size,
        });
        const locale = localeOf(req);
        return {
          items: r.items.map((i) => syncRunView(i, locale)),
          total: r.total,
          page,
          page_size,
        };
      },
    );

    app.get(
      `${base}/sync-runs/:runId`,
      {
        schema: {
          tags,
          summary:
            'One run: counts, API calls, duration, errors, hold reasons, pending change counts',
          params: run,
          response: { 200: syncRunDetail, ...errs },
        },
      },
      async (req) => {
        const { sourceId, tenantId, runId } = req.params;
        const r = await deps.sync.getRun(contextOf(req), tenantId, sourceId, runId);
        return { ...syncRunView(r.run, localeOf(req)), pending: r.pending };
      },
    );

    app.get(
      `${base}/sync-runs/:runId/changes`,
      {
        schema: {
          tags,
          summary:
            'The pending changes of a held run (who would be created, updated, disabled, deleted)',
          params: run,
          querystring: changesQuery,
          response: { 200: pendingChangePage, ...errs },
        },
      },
      async (req) => {
        const { sourceId, tenantId, runId } = req.params;
        const { page, page_size, entity, action } = req.query;
        const r = await deps.sync.listChanges(contextOf(req), tenantId, sourceId, runId, {
          entity,
          actions: action,
          limit: page_size,
          offset: (page - 1) * page_size,
        });
        return { items: r.items, total: r.total, page, page_size };
      },
    );

    app.post(
      `${base}/sync-runs/:runId/approve`,
      {
        schema: {
          tags,
          summary:
            'Approve a held run: applies its exact changes if the directory is unchanged, else queues a run that recomputes them',
          params: run,
          response: { 200: approveAnswer, ...errs },
        },
      },
      async (req) => {
        const { sourceId, tenantId, runId } = req.params;
        const r = await deps.sync.approve(contextOf(req), tenantId, sourceId, runId);
        if (r.nextRun) deps.wakeSync?.();
        const locale = localeOf(req);
        return {
          run: syncRunView(r.run, locale),
          applied: r.applied,
          ...(r.nextRun ? { next_run: syncRunView(r.nextRun, locale) } : {}),
        };
      },
    );

    app.post(
      `${base}/sync-runs/:runId/discard`,
      {
        schema: {
          tags,
          summary: 'Discard a held run: nothing of it is applied',
          params: run,
          response: { 200: syncRunSchema, ...errs },
        },
      },
      async (req) => {
        const { sourceId, tenantId, runId } = req.params;
        const r = await deps.sync.discard(contextOf(req), tenantId, sourceId, runId);
        return syncRunView(r, localeOf(req));
      },
    );
  }
};

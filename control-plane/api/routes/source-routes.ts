// Identity sources of a tenant: CRUD, enable and close.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { contextOf } from '../../auth/session-guard.ts';
import { sourceView } from '../../identity-sources/source-view.ts';
import type { Services } from '../../services.ts';
import { AUTHED_ERRORS, errors, noContent } from '../schemas/common.ts';
import {
  closeSourceBody,
  createSourceBody,
  listSourcesQuery,
  sourcePage,
  sourceParams,
  sourceSchema,
  updateSourceBody,
} from '../schemas/identity-sources.ts';
import { tenantParams } from '../schemas/tenants.ts';

export const sourceRoutes: FastifyPluginAsyncZod<{
  services: Services;
  publicUrl: string;
}> = async (app, { services, publicUrl }) => {
  const tags = ['identity sources'];
  const errs = errors(...AUTHED_ERRORS, 409);
  const base = '/tenants/:tenantId/identity-sources';
  const view = (row: Parameters<typeof sourceView>[0]) => sourceView(row, publicUrl);

  app.get(
    base,
    {
      schema: {
        tags,
        summary: 'List the identity sources of a tenant',
        params: tenantParams,
        querystring: listSourcesQuery,
        response: { 200: sourcePage, ...errs },
      },
    },
    async (req) => {
      const { page, page_size, status } = req.query;
      const r = await services.sources.list(contextOf(req), req.params.tenantId, {
        status,
        limit: page_size,
        offset: (page - 1) * page_size,
      });
      return { items: r.items.map(view), total: r.total, page, page_size };
    },
  );

  app.post(
    base,
    {
      schema: {
        tags,
        summary: 'Add a Feishu or Lark identity source',
        params: tenantParams,
        body: createSourceBody,
        response: { 201: sourceSchema, ...errs },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(view(await services.sources.create(contextOf(req), req.params.tenantId, req.body))),
  );

  app.get(
    `${base}/:sourceId`,
    {
      schema: {
        tags,
        summary: 'One identity source',
        params: sourceParams,
        response: { 200: sourceSchema, ...errs },
      },
    },
    async (req) =>
      view(await services.sources.get(contextOf(req), req.params.tenantId, req.params.sourceId)),
  );

  app.patch(
    `${base}/:sourceId`,
    {
      schema: {
        tags,
        summary:
          'Change settings or credentials (a credential change resets the connectivity status)',
        params: sourceParams,
        body: updateSourceBody,
        response: { 200: sourceSchema, ...errs },
      },
    },
    async (req) =>
      view(
        await services.sources.update(
          contextOf(req),
          req.params.tenantId,
          req.params.sourceId,
          req.body,
        ),
      ),
  );

  app.post(
    `${base}/:sourceId/enable`,
    {
      schema: {
        tags,
        summary: 'Enable the source',
        params: sourceParams,
        response: { 200: sourceSchema, ...errs },
      },
    },
    async (req) =>
      view(await services.sources.enable(contextOf(req), req.params.tenantId, req.params.sourceId)),
  );

  app.post(
    `${base}/:sourceId/close`,
    {
      schema: {
        tags,
        summary: 'Close the source: its users can no longer sign in (needs "confirm": true)',
        params: sourceParams,
        body: closeSourceBody,
        response: { 200: sourceSchema, ...errs },
      },
    },
    async (req) =>
      view(
        await services.sources.close(
          contextOf(req),
          req.params.tenantId,
          req.params.sourceId,
          req.body.confirm,
        ),
      ),
  );

  app.delete(
    `${base}/:sourceId`,
    {
      schema: {
        tags,
        summary: 'Delete a closed source and its directory',
        params: sourceParams,
        response: { 204: noContent, ...errs },
      },
    },
    async (req, reply) => {
      await services.sources.remove(contextOf(req), req.params.tenantId, req.params.sourceId);
      return reply.status(204).send(null);
    },
  );
};

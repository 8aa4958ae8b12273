// Tenants: platform admins manage all; a tenant admin reads and edits its own.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { contextOf } from '../../auth/session-guard.ts';
import type { Services } from '../../services.ts';
import { tenantView } from '../../tenants/tenant-view.ts';
import { AUTHED_ERRORS, errors, noContent } from '../schemas/common.ts';
import {
  createTenantBody,
  deleteTenantQuery,
  listTenantsQuery,
  tenantPage,
  tenantParams,
  tenantSchema,
  updateTenantBody,
} from '../schemas/tenants.ts';

export const tenantRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (
  app,
  { services },
) => {
  const tags = ['tenants'];
  const errs = errors(...AUTHED_ERRORS, 409);

  app.get(
    '/tenants',
    {
      schema: {
        tags,
        summary: 'List tenants you can see',
        querystring: listTenantsQuery,
        response: { 200: tenantPage, ...errs },
      },
    },
    async (req) => {
      const { page, page_size, q, status } = req.query;
      const result = await services.tenants.list(contextOf(req), {
        q,
        status,
        limit: page_size,
        offset: (page - 1) * page_size,
      });
      return { items: result.items.map(tenantView), total: result.total, page, page_size };
    },
  );

  app.post(
    '/tenants',
    {
      schema: {
        tags,
        summary: 'Create a tenant (platform admin)',
        body: createTenantBody,
        response: { 201: tenantSchema, ...errs },
      },
    },
    async (req, reply) => {
      const row = await services.tenants.create(contextOf(req), req.body);
      return reply.status(201).send(tenantView(row));
    },
  );

  app.get(
    '/tenants/:tenantId',
    {
      schema: {
        tags,
        summary: 'One tenant',
        params: tenantParams,
        response: { 200: tenantSchema, ...errs },
      },
    },
    async (req) => tenantView(await services.tenants.get(contextOf(req), req.params.tenantId)),
  );

  app.patch(
    '/tenants/:tenantId',
    {
      schema: {
        tags,
        summary: 'Change name, time zone or (platform admin) status',
        params: tenantParams,
        body: updateTenantBody,
        response: { 200: tenantSchema, ...errs },
      },
    },
    async (req) =>
      tenantView(await services.tenants.update(contextOf(req), req.params.tenantId, req.body)),
  );

  app.post(
    '/tenants/:tenantId/verification-id',
    {
      schema: {
        tags,
        summary: 'Replace the enterprise verification ID with a new random one',
        params: tenantParams,
        response: { 200: tenantSchema, ...errs },
      },
    },
    async (req) =>
      tenantView(
        await services.tenants.regenerateVerificationId(contextOf(req), req.params.tenantId),
      ),
  );

  app.delete(
    '/tenants/:tenantId',
    {
      schema: {
        tags,
        summary: 'Delete a tenant with everything in it (platform admin; needs confirm=true)',
        params: tenantParams,
        querystring: deleteTenantQuery,
        response: { 204: noContent, ...errs },
      },
    },
    async (req, reply) => {
      await services.tenants.remove(
        contextOf(req),
        req.params.tenantId,
        req.query.confirm === 'true',
      );
      return reply.status(204).send(null);
    },
  );
};

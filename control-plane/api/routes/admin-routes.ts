// Admin accounts: platform admins manage all, a tenant admin its own tenant's tenant admins.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { adminView } from '../../admins/admin-view.ts';
import { contextOf } from '../../auth/session-guard.ts';
import type { Services } from '../../services.ts';
import {
  adminPage,
  adminParams,
  adminSchema,
  createAdminBody,
  listAdminsQuery,
  updateAdminBody,
} from '../schemas/admins.ts';
import { AUTHED_ERRORS, errors, noContent } from '../schemas/common.ts';

export const adminRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (
  app,
  { services },
) => {
  const tags = ['admins'];
  const errs = errors(...AUTHED_ERRORS, 409);

  app.get(
    '/admins',
    {
      schema: {
        tags,
        summary: 'List admins',
        querystring: listAdminsQuery,
        response: { 200: adminPage, ...errs },
      },
    },
    async (req) => {
      const { page, page_size, tenant_id, role } = req.query;
      const r = await services.admins.list(contextOf(req), {
        tenantId: tenant_id,
        role,
        limit: page_size,
        offset: (page - 1) * page_size,
      });
      return { items: r.items.map(adminView), total: r.total, page, page_size };
    },
  );

  app.post(
    '/admins',
    {
      schema: {
        tags,
        summary: 'Create an admin',
        body: createAdminBody,
        response: { 201: adminSchema, ...errs },
      },
    },
    async (req, reply) =>
      reply.status(201).send(adminView(await services.admins.create(contextOf(req), req.body))),
  );

  app.get(
    '/admins/:adminId',
    {
      schema: {
        tags,
        summary: 'One admin',
        params: adminParams,
        response: { 200: adminSchema, ...errs },
      },
    },
    async (req) => adminView(await services.admins.get(contextOf(req), req.params.adminId)),
  );

  app.patch(
    '/admins/:adminId',
    {
      schema: {
        tags,
        summary: 'Change name, role, tenant, status or password',
        params: adminParams,
        body: updateAdminBody,
        response: { 200: adminSchema, ...errs },
      },
    },
    async (req) =>
      adminView(await services.admins.update(contextOf(req), req.params.adminId, req.body)),
  );

  app.delete(
    '/admins/:adminId',
    {
      schema: {
        tags,
        summary: 'Delete an admin',
        params: adminParams,
        response: { 204: noContent, ...errs },
      },
    },
    async (req, reply) => {
      await services.admins.remove(contextOf(req), req.params.adminId);
      return reply.status(204).send(null);
    },
  );
};

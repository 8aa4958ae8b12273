// Browsing a source's synced directory: department tree (children on demand), users by
// department with search and paging, one user.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { contextOf } from '../../auth/session-guard.ts';
import { departmentView, userDetailView, userSummaryView } from '../../directory/directory-view.ts';
import type { Services } from '../../services.ts';
import { AUTHED_ERRORS, errors } from '../schemas/common.ts';
import {
  childrenQuery,
  departmentDetailSchema,
  departmentList,
  departmentParams,
  directoryParams,
  userDetailSchema,
  userPage,
  userParams,
  usersQuery,
} from '../schemas/directory.ts';

export const directoryRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (
  app,
  { services },
) => {
  const tags = ['directory'];
  const errs = errors(...AUTHED_ERRORS);
  const base = '/tenants/:tenantId/identity-sources/:sourceId/directory';

  app.get(
    `${base}/departments`,
    {
      schema: {
        tags,
        summary: 'Child departments of parent_id ("0" = the root)',
        params: directoryParams,
        querystring: childrenQuery,
        response: { 200: departmentList, ...errs },
      },
    },
    async (req) => {
      const { tenantId, sourceId } = req.params;
      const rows = await services.directory.children(
        contextOf(req),
        tenantId,
        sourceId,
        req.query.parent_id,
        req.query.include_deleted,
      );
      return { items: rows.map(departmentView) };
    },
  );

  app.get(
    `${base}/departments/:departmentId`,
    {
      schema: {
        tags,
        summary: 'One department with its path from the root',
        params: departmentParams,
        response: { 200: departmentDetailSchema, ...errs },
      },
    },
    async (req) => {
      const { tenantId, sourceId, departmentId } = req.params;
      const { department: d, path } = await services.directory.department(
        contextOf(req),
        tenantId,
        sourceId,
        departmentId,
      );
      return {
        open_department_id: d.open_department_id,
        department_id: d.department_id,
        name: d.name,
        i18n_name: d.i18n_name,
        parent_open_department_id: d.parent_open_department_id,
        status: d.status,
        leader_open_id: d.leader_open_id,
        path,
        updated_at: d.updated_at.toISOString(),
      };
    },
  );

  app.get(
    `${base}/users`,
    {
      schema: {
        tags,
        summary:
          'Users, optionally of one department (and its subtree), searched by name/email prefix or user_id',
        params: directoryParams,
        querystring: usersQuery,
        response: { 200: userPage, ...errs },
      },
    },
    async (req) => {
      const { tenantId, sourceId } = req.params;
      const { page, page_size, department_id, subtree, q, status } = req.query;
      const r = await services.directory.users(contextOf(req), tenantId, sourceId, {
        departmentId: department_id,
        subtree,
        q,
        status,
        limit: page_size,
        offset: (page - 1) * page_size,
      });
      return { items: r.items.map(userSummaryView), total: r.total, page, page_size };
    },
  );

  app.get(
    `${base}/users/:userId`,
    {
      schema: {
        tags,
        summary: 'One user with their departments and mapped attributes',
        params: userParams,
        response: { 200: userDetailSchema, ...errs },
      },
    },
    async (req) => {
      const { tenantId, sourceId, userId } = req.params;
      const { user, departments } = await services.directory.user(
        contextOf(req),
        tenantId,
        sourceId,
        userId,
      );
      return userDetailView(user, departments);
    },
  );
};

// Browsing a source's synced directory: department tree (children on demand, or searched by
// name), users by department/status with search and keyset paging, one user.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AppError } from '../../../shared/domain/errors/index.ts';
import { contextOf } from '../../auth/session-guard.ts';
import { departmentView, userDetailView, userSummaryView } from '../../directory/directory-view.ts';
import { MAX_OFFSET } from '../../directory/user-listing.ts';
import type { Services } from '../../services.ts';
import { decodeCursor, encodeCursor } from '../keyset-cursor.ts';
import { AUTHED_ERRORS, errors } from '../schemas/common.ts';
import {
  childrenQuery,
  departmentDetailSchema,
  departmentList,
  departmentParams,
  directoryParams,
  liveDepartmentPage,
  liveDepartmentsQuery,
  userDetailSchema,
  userCursorKey,
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
        summary:
          'Child departments of parent_id ("0" = the root), or with q every department whose name starts with q',
        params: directoryParams,
        querystring: childrenQuery,
        response: { 200: departmentList, ...errs },
      },
    },
    async (req) => {
      const { tenantId, sourceId } = req.params;
      const { q, parent_id, include_deleted, limit } = req.query;
      if (q !== undefined) {
        const found = await services.directory.searchDepartments(
          contextOf(req),
          tenantId,
          sourceId,
          q,
          { limit, includeDeleted: include_deleted },
        );
        return {
          items: found.map((d) => ({ ...departmentView(d), breadcrumb: d.breadcrumb })),
        };
      }
      const rows = await services.directory.children(
        contextOf(req),
        tenantId,
        sourceId,
        parent_id ?? '0',
        include_deleted,
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
          'Users, optionally of one department (and its subtree) or status, searched by a prefix of name, English name, email, user_id or mobile (with country code) or an exact open_id/union_id; keyset pages by cursor (or numbered pages up to 10,000 rows)',
        params: directoryParams,
        querystring: usersQuery,
        response: { 200: userPage, ...errs },
      },
    },
    async (req) => {
      const { tenantId, sourceId } = req.params;
      const { page, page_size, department_id, subtree, q, status, cursor } = req.query;
      if (cursor !== undefined && page > 1) throw new AppError('PAGE_CURSOR_WITH_PAGE');
      const offset = (page - 1) * page_size;
      if (offset > MAX_OFFSET) throw new AppError('PAGE_TOO_DEEP', { params: { max: MAX_OFFSET } });
      const after = cursor === undefined ? undefined : decodeCursor(cursor, userCursorKey);
      const r = await services.directory.users(contextOf(req), tenantId, sourceId, {
        departmentId: department_id,
        subtree,
        q,
        status,
        limit: page_size,
        ...(after ? { after: { name: after[0], id: after[1] } } : { offset }),
      });
      return {
        items: r.items.map(userSummaryView),
        total: r.total,
        total_exact: r.totalExact,
        page,
        page_size,
        next_cursor: r.next ? encodeCursor([r.next.name, r.next.id]) : null,
      };
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

  app.get(
    '/tenants/:tenantId/identity-sources/:sourceId/feishu/departments',
    {
      schema: {
        tags,
        summary:
          'Live from Feishu/Lark with the source\'s stored credentials: one page of the children of parent_id ("0" = the root), for the scope picker before the first sync',
        params: directoryParams,
        querystring: liveDepartmentsQuery,
        response: { 200: liveDepartmentPage, ...errors(...AUTHED_ERRORS, 422, 502, 503) },
      },
    },
    async (req) => {
      const { tenantId, sourceId } = req.params;
      const page = await services.liveDepartments.children(
        contextOf(req),
        tenantId,
        sourceId,
        req.query.parent_id,
        req.query.page_token,
      );
      return { ...page, parent_id: req.query.parent_id };
    },
  );
};

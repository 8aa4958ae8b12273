// Browsing a source's synced directory. The source is resolved through the caller's tenant
// scope first; every directory query then runs against that source only.
import type { Kysely } from 'kysely';
import { AppError } from '../../shared/domain/errors/index.ts';
import { scopeOf, type RequestContext } from '../auth/actor.ts';
import * as dir from '../storage/repositories/directory.ts';
import { getSource } from '../storage/repositories/identity-sources.ts';
import type { Database } from '../storage/schema.ts';
import { searchDepartments } from './department-search.ts';
import { pageUsers, type UserPageRequest } from './user-listing.ts';

export function createDirectoryService({ db }: { db: Kysely<Database> }) {
  async function sourceIdOf(
    ctx: RequestContext,
    tenantId: string,
    sourceId: string,
  ): Promise<string> {
    const source = await getSource(db, scopeOf(ctx.actor), tenantId, sourceId);
    if (!source) throw new AppError('SOURCE_NOT_FOUND');
    return source.id;
  }

  return {
    async children(
      ctx: RequestContext,
      tenantId: string,
      sourceId: string,
      parent: string,
      includeDeleted: boolean,
    ) {
      const id = await sourceIdOf(ctx, tenantId, sourceId);
      if (parent !== dir.ROOT_DEPARTMENT && !(await dir.getDepartment(db, id, parent))) {
        throw new AppError('DIRECTORY_DEPARTMENT_NOT_FOUND');
      }
      return dir.listChildDepartments(db, id, parent, includeDeleted);
    },

    async department(
      ctx: RequestContext,
      tenantId: string,
      sourceId: string,
      openDepartmentId: string,
    ) {
      const id = await sourceIdOf(ctx, tenantId, sourceId);
      const department = await dir.getDepartment(db, id, openDepartmentId);
      if (!department) throw new AppError('DIRECTORY_DEPARTMENT_NOT_FOUND');
      return { department, path: await dir.departmentsOnPath(db, id, department.path) };
    },

    async users(
      ctx: RequestContext,
      tenantId: string,
      sourceId: string,
      request: Omit<UserPageRequest, 'departmentPath'>,
    ) {
      const id = await sourceIdOf(ctx, tenantId, sourceId);
      let departmentPath: string | undefined;
      if (request.departmentId !== undefined && request.departmentId !== dir.ROOT_DEPARTMENT) {
        const department = await dir.getDepartment(db, id, request.departmentId);
        if (!department) throw new AppError('DIRECTORY_DEPARTMENT_NOT_FOUND');
        departmentPath = department.path;
      }
      return pageUsers(db, id, { ...request, departmentPath });
    },

    async searchDepartments(
      ctx: RequestContext,
      tenantId: string,
      sourceId: string,
      q: string,
      options: { limit: number; includeDeleted: boolean },
    ) {
      return searchDepartments(db, await sourceIdOf(ctx, tenantId, sourceId), q, options);
    },

    async user(ctx: RequestContext, tenantId: string, sourceId: string, userId: string) {
      const id = await sourceIdOf(ctx, tenantId, sourceId);
      const user = await dir.getUser(db, id, userId);
      if (!user) throw new AppError('DIRECTORY_USER_NOT_FOUND');
      return { user, departments: await dir.membershipsOfUser(db, id, user.id) };
    },
  };
}

export type DirectoryService = ReturnType<typeof createDirectoryService>;

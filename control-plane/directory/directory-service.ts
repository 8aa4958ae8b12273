// Browsing a source's synced directory. The source is resolved through the caller's tenant
// scope first; every directory query then runs against that source only.
import type { Kysely } from 'kysely';
import { AppError } from '../../shared/domain/errors/index.ts';
import { scopeOf, type RequestContext } from '../auth/actor.ts';
import * as dir from '../storage/repositories/directory.ts';
import { getSource } from '../storage/repositories/identity-sources.ts';
import type { Database } from '../storage/schema.ts';

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

    async users(ctx: RequestContext, tenantId: string, sourceId: string, query: dir.UserListQuery) {
      const id = await sourceIdOf(ctx, tenantId, sourceId);
      if (
        query.departmentId !== undefined &&
        query.departmentId !== dir.ROOT_DEPARTMENT &&
        !(await dir.getDepartment(db, id, query.departmentId))
      ) {
        throw new AppError('DIRECTORY_DEPARTMENT_NOT_FOUND');
      }
      return dir.listUsers(db, id, query);
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

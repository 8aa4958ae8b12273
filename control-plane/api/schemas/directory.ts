import { z } from 'zod';
import { booleanQuery, pageOf, pageQuery, timestamp, uuid } from './common.ts';

const openDepartmentId = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be an open_department_id or "0"');
const directoryStatus = z.enum(['active', 'disabled', 'deleted']);

export const departmentSchema = z
  .object({
    open_department_id: z.string(),
    department_id: z.string().nullable(),
    name: z.string(),
    parent_open_department_id: z.string(),
    status: directoryStatus,
    leader_open_id: z.string().nullable(),
    child_count: z.number().int(),
    member_count: z.number().int(),
  })
  .meta({ id: 'DirectoryDepartment' });

export const departmentDetailSchema = z
  .object({
    open_department_id: z.string(),
    department_id: z.string().nullable(),
    name: z.string(),
    i18n_name: z.record(z.string(), z.string()),
    parent_open_department_id: z.string(),
    status: directoryStatus,
    leader_open_id: z.string().nullable(),
    path: z.array(z.object({ open_department_id: z.string(), name: z.string() })),
    updated_at: timestamp,
  })
  .meta({ id: 'DirectoryDepartmentDetail' });

export const userSummarySchema = z
  .object({
    id: uuid,
    open_id: z.string(),
    union_id: z.string(),
    user_id: z.string().nullable(),
    username: z.string().nullable(),
    name: z.string(),
    email: z.string().nullable(),
    status: directoryStatus,
  })
  .meta({ id: 'DirectoryUserSummary' });

export const userDetailSchema = userSummarySchema
  .extend({
    en_name: z.string().nullable(),
    mobile: z.string().nullable(),
    employee_no: z.string().nullable(),
    feishu_status: z.record(z.string(), z.boolean()),
    attributes: z.record(z.string(), z.unknown()),
    leader_open_id: z.string().nullable(),
    departments: z.array(
      z.object({
        open_department_id: z.string(),
        name: z.string().nullable(),
        is_primary: z.boolean(),
      }),
    ),
    disabled_at: timestamp.nullable(),
    deleted_at: timestamp.nullable(),
    created_at: timestamp,
    updated_at: timestamp,
  })
  .meta({ id: 'DirectoryUser' });

export const directoryParams = z.object({ tenantId: uuid, sourceId: uuid }).strict();
export const departmentParams = directoryParams.extend({ departmentId: openDepartmentId }).strict();
export const userParams = directoryParams.extend({ userId: uuid }).strict();

export const childrenQuery = z
  .object({
    parent_id: openDepartmentId.default('0'),
    include_deleted: booleanQuery.default(false),
  })
  .strict();

export const usersQuery = z
  .object({
    ...pageQuery,
    department_id: openDepartmentId.optional(),
    subtree: booleanQuery.default(true),
    q: z.string().trim().min(1).max(100).optional(),
    status: directoryStatus.optional(),
  })
  .strict();

export const departmentList = z.object({ items: z.array(departmentSchema) });
export const userPage = pageOf(userSummarySchema);

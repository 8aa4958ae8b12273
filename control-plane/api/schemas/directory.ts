import { z } from 'zod';
import { booleanQuery, cursorParam, pageOf, pageQuery, timestamp, uuid } from './common.ts';

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
    parent_id: openDepartmentId.optional(),
    include_deleted: booleanQuery.default(false),
    q: z.string().trim().min(1).max(100).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict()
  .refine((v) => !(v.q !== undefined && v.parent_id !== undefined), {
    message: 'pass parent_id (children) or q (search), not both',
    path: ['q'],
  });

export const usersQuery = z
  .object({
    ...pageQuery,
    department_id: openDepartmentId.optional(),
    subtree: booleanQuery.default(true),
    q: z.string().trim().min(1).max(100).optional(),
    status: directoryStatus.optional(),
    cursor: cursorParam.optional(),
  })
  .strict();

export const departmentList = z.object({
  items: z.array(
    departmentSchema.extend({
      breadcrumb: z
        .array(z.object({ open_department_id: z.string(), name: z.string() }))
        .optional()
        .meta({ description: 'Search results only: the path from the root, the department last' }),
    }),
  ),
});

export const userPage = pageOf(userSummarySchema)
  .extend({
    total: z.number().int().nullable().meta({
      description: 'Matching users up to 10,000 (1,000 for a search); null after a cursor',
    }),
    next_cursor: z.string().nullable().meta({ description: 'Pass as cursor for the next page' }),
    total_exact: z
      .boolean()
      .nullable()
      .meta({ description: 'false: more than total rows match (counting stops there)' }),
  })
  .meta({ id: 'DirectoryUserPage' });

/** A keyset user cursor's content: the last row's name and id. */
export const userCursorKey = z.tuple([z.string().max(1000), uuid]);

export const liveDepartmentsQuery = z
  .object({
    parent_id: openDepartmentId.default('0'),
    page_token: z
      .string()
      .max(512)
      .regex(/^[\x21-\x7e]+$/, 'must be a page_token as returned')
      .optional(),
  })
  .strict();

export const liveDepartmentPage = z
  .object({
    items: z.array(
      z.object({
        open_department_id: z.string(),
        department_id: z.string().nullable(),
        name: z.string(),
        i18n_name: z.record(z.string(), z.string()),
        parent_open_department_id: z.string(),
        member_count: z
          .number()
          .int()
          .nullable()
          .meta({ description: 'People in the department and below, as Feishu counts them' }),
      }),
    ),
    parent_id: z.string(),
    page_token: z
      .string()
      .nullable()
      .meta({ description: 'More children follow: pass it back as page_token' }),
  })
  .meta({
    id: 'LiveFeishuDepartmentPage',
    description:
      'Feishu does not say whether a department has children: expand it to find out (an empty page means none)',
  });
/** The same schema under the name the console's wizard imports. */
export const feishuDepartmentChildren = liveDepartmentPage;

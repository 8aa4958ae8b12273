// The Open Platform's answers as we read them: every response is parsed from unknown here before
// any logic sees it. Only the fields we use are kept (zod strips the rest), which also keeps a
// 100k-user sync lean in memory. Shapes follow the reference (sections 2, 5, 7, 8).
import { z } from 'zod';

const str = z.string();
const optStr = z.string().optional();

/** {code, msg, data?, error?}: the envelope of every Open API answer except the token ones. */
export const envelopeSchema = z.object({
  code: z.number(),
  msg: z.string().optional(),
  data: z.unknown().optional(),
  error: z
    .object({
      log_id: optStr,
      permission_violations: z
        .array(z.object({ type: optStr, subject: optStr }))
        .optional()
        .catch(undefined),
    })
    .optional()
    .catch(undefined),
});

/** Flat token answer: {code, msg, tenant_access_token, expire} (not under data). */
export const tenantTokenSchema = z.object({
  code: z.literal(0),
  tenant_access_token: str.min(1),
  expire: z.number().int().positive(),
});

export const pageSchema = <T extends z.ZodType>(item: T) =>
  z.object({
    has_more: z.boolean().optional().default(false),
    page_token: optStr,
    items: z.array(item).optional().default([]),
  });

const numeric = z.union([z.number(), z.string()]).transform((v) => Number(v) || 0);

export const departmentSchema = z.object({
  open_department_id: str.min(1),
  department_id: optStr,
  name: optStr,
  i18n_name: z.record(z.string(), z.string()).optional(),
  parent_department_id: optStr,
  leader_user_id: optStr,
  leaders: z.array(z.object({ leaderType: z.number().optional(), leaderID: optStr })).optional(),
  order: numeric.optional(),
  status: z.object({ is_deleted: z.boolean().optional() }).optional(),
});
export type FeishuDepartment = z.output<typeof departmentSchema>;

const customAttrSchema = z.object({
  id: str,
  type: optStr,
  value: z
    .object({ text: optStr, url: optStr, option_value: optStr, option_id: optStr })
    .optional(),
});

export const userSchema = z.object({
  open_id: str.min(1),
  union_id: str.min(1),
  user_id: optStr,
  name: optStr,
  en_name: optStr,
  nickname: optStr,
  email: optStr,
  enterprise_email: optStr,
  mobile: optStr,
  employee_no: optStr,
  employee_type: z.number().optional(),
  job_title: optStr,
  city: optStr,
  country: optStr,
  work_station: optStr,
  join_time: z.number().optional(),
  gender: z.number().optional(),
  avatar: z.object({ avatar_72: optStr, avatar_240: optStr }).optional(),
  status: z
    .object({
      is_frozen: z.boolean().optional(),
      is_resigned: z.boolean().optional(),
      is_activated: z.boolean().optional(),
      is_exited: z.boolean().optional(),
      is_unjoin: z.boolean().optional(),
    })
    .optional(),
  department_ids: z.array(str).optional(),
  leader_user_id: optStr,
  orders: z
    .array(
      z.object({
        department_id: str,
        user_order: z.number().optional(),
        department_order: z.number().optional(),
        is_primary_dept: z.boolean().optional(),
      }),
    )
    .optional(),
  custom_attrs: z.array(customAttrSchema).optional(),
});
export type FeishuUser = z.output<typeof userSchema>;

export const departmentDataSchema = z.object({ department: departmentSchema });
export const userBatchSchema = z.object({ items: z.array(userSchema).optional().default([]) });

/** GET contact/v3/scopes: the app's contact range as ids, paged across the three lists. */
export const contactScopesSchema = z.object({
  department_ids: z.array(str).optional().default([]),
  user_ids: z.array(str).optional().default([]),
  group_ids: z.array(str).optional().default([]),
  has_more: z.boolean().optional().default(false),
  page_token: optStr,
});

/** GET application/v6/scopes: grant status of the app's scopes (scope_name may drop "contact:"). */
export const grantedScopesSchema = z.object({
  scopes: z
    .array(
      z.object({
        scope_name: str,
        grant_status: z.number(),
        scope_type: optStr,
      }),
    )
    .optional()
    .default([]),
});

/** GET application/v6/applications/:app_id: the app's name, status and scopes. */
export const appInfoSchema = z.object({
  app: z.object({
    app_id: optStr,
    app_name: optStr,
    status: z.number().optional(),
    scopes: z
      .array(z.object({ scope: str, token_types: z.array(str).optional() }))
      .optional()
      .default([]),
  }),
});

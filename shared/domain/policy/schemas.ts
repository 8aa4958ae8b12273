// The policy model as zod schemas: applications, policies and the policy set a tenant compiles.
// The admin API parses request bodies with these; compilePolicies parses its input with them too,
// so nothing reaches the evaluator unchecked. Field names are snake_case: this is wire data.
import { z } from 'zod';
import { DEFAULT_TIME_ZONE, isValidTimeZone } from '../time-zone.ts';
import { parseAddress } from './address.ts';
import { LIST_OPERATORS, PRESENCE_OPERATORS, VALUE_OPERATORS } from './attributes.ts';
import { PROTOCOLS } from './ports.ts';
import { WEEKDAYS } from './time-window.ts';

export const PLATFORMS = ['windows', 'macos', 'linux'] as const;
export type Platform = (typeof PLATFORMS)[number];
export const POLICY_ACTIONS = ['allow', 'deny'] as const;
export type PolicyAction = (typeof POLICY_ACTIONS)[number];

export const MAX_PRIORITY = 1_000_000;

/** Application, policy and tag ids: what the control plane stores (uuids, slugs). */
export const entityIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/, 'letters, digits and _ . : - (at most 128)');
/** Department and user ids as the directory has them (open_department_id, "0" for the root). */
export const directoryIdSchema = z.string().min(1).max(128);
export const tagSchema = z
  .string()
  .regex(/^[\p{L}\p{N}][\p{L}\p{N}_.:/-]{0,63}$/u, 'a tag: letters, digits and _ . : / -');
/** Attribute keys: account fields (job_title) and mapped attributes (custom ones). */
export const attributeKeySchema = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_.-]{0,63}$/, 'an attribute key like job_title or city');
const timeZoneSchema = z.string().refine(isValidTimeZone, 'not an IANA time zone');

export const addressSchema = z
  .object({
    host: z.string().min(1).max(300),
    ports: z.string().max(512).default('*'),
    protocol: z.enum(PROTOCOLS).default('any'),
  })
  .superRefine((a, ctx) => {
    const parsed = parseAddress(a);
    if ('error' in parsed) ctx.addIssue({ code: 'custom', message: parsed.error, input: a });
  });
export type ApplicationAddress = z.output<typeof addressSchema>;

const httpUrl = z.url({ protocol: /^https?$/ }).max(2048);
const iconSchema = z
  .string()
  .max(65_536)
  .refine(
    (s) => /^https?:\/\//.test(s) || /^data:image\/(png|jpeg|gif|webp|svg\+xml);base64,/.test(s),
    'an http(s) URL or a base64 data:image URL',
  );

export const applicationSchema = z.object({
  id: entityIdSchema,
  name: z.string().trim().min(1).max(200),
  icon: iconSchema.optional(),
  description: z.string().max(2000).default(''),
  enabled: z.boolean().default(true),
  addresses: z.array(addressSchema).max(256).default([]),
  portal_url: httpUrl.optional(),
  tags: z.array(tagSchema).max(32).default([]),
});
export type Application = z.output<typeof applicationSchema>;
export type ApplicationInput = z.input<typeof applicationSchema>;

const caseFlag = z.boolean().default(false);
export const attributeRuleSchema = z.discriminatedUnion('op', [
  z.object({
    key: attributeKeySchema,
    op: z.enum(VALUE_OPERATORS),
    value: z.string().max(1024),
    ignore_case: caseFlag,
  }),
  z.object({
    key: attributeKeySchema,
    op: z.enum(LIST_OPERATORS),
    values: z.array(z.string().max(1024)).min(1).max(1000),
    ignore_case: caseFlag,
  }),
  z.object({ key: attributeKeySchema, op: z.enum(PRESENCE_OPERATORS) }),
]);
export type AttributeRule = z.output<typeof attributeRuleSchema>;

export const subjectsSchema = z
  .object({
    /** Everyone in the tenant (still narrowed by attribute rules). */
    all_users: z.boolean().default(false),
    departments: z
      .array(
        z.object({
          id: directoryIdSchema,
          include_sub_departments: z.boolean().default(true),
        }),
      )
      .max(1000)
      .default([]),
    users: z.array(directoryIdSchema).max(10_000).default([]),
    /** Every rule must hold, on top of the departments/users/all_users. */
    attributes: z.array(attributeRuleSchema).max(32).default([]),
  })
  .superRefine((s, ctx) => {
    const named = s.departments.length + s.users.length;
    if (s.all_users && named > 0) {
      ctx.addIssue({ code: 'custom', message: 'all_users excludes departments and users' });
    }
    if (!s.all_users && named === 0 && s.attributes.length === 0) {
      ctx.addIssue({
        code: 'custom',
        message: 'name departments, users or attribute rules, or set all_users',
      });
    }
  });
export type Subjects = z.output<typeof subjectsSchema>;

export const resourcesSchema = z
  .object({
    all_applications: z.boolean().default(false),
    applications: z.array(entityIdSchema).max(10_000).default([]),
    tags: z.array(tagSchema).max(100).default([]),
  })
  .superRefine((r, ctx) => {
    const named = r.applications.length + r.tags.length;
    if (r.all_applications === named > 0) {
      ctx.addIssue({
        code: 'custom',
        message: 'name applications or tags, or set all_applications (not both)',
      });
    }
  });
export type Resources = z.output<typeof resourcesSchema>;

export const timeWindowSchema = z
  .object({
    days: z.array(z.enum(WEEKDAYS)).min(1).max(7),
    start_minute: z.int().min(0).max(1439),
    end_minute: z.int().min(1).max(1440),
    /** Defaults to the policy set's (the tenant's) time zone. */
    time_zone: timeZoneSchema.optional(),
  })
  .refine((w) => w.start_minute !== w.end_minute, 'the window opens and closes at the same minute');
export type TimeWindow = z.output<typeof timeWindowSchema>;

export const conditionsSchema = z.object({
  /** Any one window must hold. */
  time_windows: z.array(timeWindowSchema).min(1).max(16).optional(),
  platforms: z.array(z.enum(PLATFORMS)).min(1).max(PLATFORMS.length).optional(),
});
export type Conditions = z.output<typeof conditionsSchema>;

export const policySchema = z.object({
  id: entityIdSchema,
  name: z.string().trim().min(1).max(200),
  description: z.string().max(2000).default(''),
  enabled: z.boolean().default(true),
  /** Lower is evaluated earlier. */
  priority: z.int().min(0).max(MAX_PRIORITY),
  action: z.enum(POLICY_ACTIONS),
  subjects: subjectsSchema,
  resources: resourcesSchema,
  conditions: conditionsSchema.optional(),
});
export type Policy = z.output<typeof policySchema>;
export type PolicyInput = z.input<typeof policySchema>;

export const departmentNodeSchema = z.object({
  id: directoryIdSchema,
  /** null (or absent) for a top-level department. */
  parent_id: directoryIdSchema.nullable().default(null),
});
export type DepartmentNode = z.output<typeof departmentNodeSchema>;

function uniqueIds(list: readonly { id: string }[], what: string, ctx: z.RefinementCtx): void {
  const seen = new Set<string>();
  for (const { id } of list) {
    if (seen.has(id)) ctx.addIssue({ code: 'custom', message: `${what} "${id}" appears twice` });
    seen.add(id);
  }
}

export const policySetSchema = z
  .object({
    /** The tenant's time zone: the default of every time window. */
    time_zone: timeZoneSchema.default(DEFAULT_TIME_ZONE),
    departments: z.array(departmentNodeSchema).max(500_000).default([]),
    applications: z.array(applicationSchema).max(10_000).default([]),
    policies: z.array(policySchema).max(10_000).default([]),
  })
  .superRefine((s, ctx) => {
    uniqueIds(s.departments, 'department', ctx);
    uniqueIds(s.applications, 'application', ctx);
    uniqueIds(s.policies, 'policy', ctx);
  });
export type PolicySet = z.output<typeof policySetSchema>;
export type PolicySetInput = z.input<typeof policySetSchema>;

// Request shapes of the admin API (zod, strict: an unknown field is a 400, so typos are loud).
import { z } from 'zod';
import { CUSTOM_ID } from '../org/org-file.ts';

const ref = z.string().min(1).max(200);
const customId = z.string().regex(CUSTOM_ID, 'must match ^[a-zA-Z0-9][a-zA-Z0-9_\\-@.]{0,63}$');
const name = z.string().trim().min(1).max(100);
const mobile = z.string().regex(/^\+\d{6,15}$/, 'must be +<country code><number>');
const tenantKey = z.string().min(1).max(64).optional();

export const refParams = z.strictObject({ ref });
export const appParams = z.strictObject({ app_id: z.string().min(1).max(64) });
export const tenantQuery = z.strictObject({ tenant_key: tenantKey });

export const createDepartmentBody = z.strictObject({
  tenant_key: tenantKey,
  name,
  en_name: z.string().max(100).optional(),
  parent: ref.default('0'),
  department_id: customId.optional(),
  leader: ref.optional(),
  order: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31)
    .optional(),
});

export const updateDepartmentBody = z
  .strictObject({
    name: name.optional(),
    en_name: z.string().max(100).optional(),
    parent: ref.optional(),
    department_id: customId.optional(),
    leader: ref.nullable().optional(),
    order: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31)
      .optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'nothing to change');

const userFields = {
  name,
  en_name: z.string().max(100).optional(),
  email: z.email().optional(),
  mobile: mobile.optional(),
  user_id: customId.optional(),
  departments: z.array(ref).min(1).max(50).optional(),
  job_title: z.string().max(100).optional(),
  city: z.string().max(100).optional(),
  employee_type: z.number().int().min(1).max(5).optional(),
  leader: ref.nullable().optional(),
};

export const createUserBody = z.strictObject({
  ...userFields,
  tenant_key: tenantKey,
  password: z.string().min(1).max(100).optional(),
});

export const updateUserBody = z
  .strictObject({ ...userFields, name: name.optional(), frozen: z.boolean().optional() })
  .refine((b) => Object.keys(b).length > 0, 'nothing to change');

export const rangeBody = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('all') }),
  z.strictObject({
    kind: z.literal('partial'),
    departments: z.array(ref).max(1000).default([]),
    users: z.array(ref).max(1000).default([]),
  }),
]);

const scope = z.string().regex(/^[a-zA-Z0-9_:.-]{1,200}$/, 'not a scope name');
export const scopesBody = z
  .strictObject({
    scopes: z.array(scope).max(500).optional(),
    user_scopes: z.array(scope).max(500).optional(),
  })
  .refine(
    (b) => b.scopes !== undefined || b.user_scopes !== undefined,
    'give scopes and/or user_scopes',
  );

const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });
export const redirectUrlsBody = z.strictObject({ redirect_urls: z.array(httpUrl).max(100) });

export const subscriptionBody = z.strictObject({
  request_url: httpUrl,
  event_types: z
    .array(z.string().regex(/^[a-z0-9_.]{1,100}$/))
    .max(100)
    .default([]),
  /** "" turns encryption (and signatures) off. */
  encrypt_key: z.string().max(100).optional(),
  verification_token: z.string().min(1).max(100).optional(),
});

export const clockBody = z.strictObject({
  advance_ms: z
    .number()
    .int()
    .min(0)
    .max(10 * 365 * 24 * 3600 * 1000),
});

export const deliveriesQuery = z.strictObject({
  event_id: z.string().max(64).optional(),
  app_id: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

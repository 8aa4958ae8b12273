import { z } from 'zod';
import { pageOf, pageQuery, plainText, timestamp, uuid } from './common.ts';

export const roleSchema = z.enum(['platform_admin', 'tenant_admin']);
const email = z
  .email()
  .max(254)
  .transform((e) => e.toLowerCase());
const password = z.string().min(1).max(256);

export const adminSchema = z
  .object({
    id: uuid,
    email: z.string(),
    name: z.string(),
    role: roleSchema,
    tenant_id: uuid.nullable(),
    status: z.enum(['active', 'disabled']),
    last_login_at: timestamp.nullable(),
    locked_until: timestamp.nullable(),
    created_at: timestamp,
    updated_at: timestamp,
  })
  .meta({ id: 'Admin' });

export const adminParams = z.object({ adminId: uuid }).strict();

export const createAdminBody = z
  .object({
    email,
    name: plainText(1, 100),
    role: roleSchema,
    tenant_id: uuid.nullable().optional(),
    password,
  })
  .strict();

export const updateAdminBody = z
  .object({
    name: plainText(1, 100).optional(),
    role: roleSchema.optional(),
    tenant_id: uuid.nullable().optional(),
    status: z.enum(['active', 'disabled']).optional(),
    password: password.optional(),
  })
  .strict();

export const listAdminsQuery = z
  .object({ ...pageQuery, tenant_id: uuid.optional(), role: roleSchema.optional() })
  .strict();

export const adminPage = pageOf(adminSchema);

export const loginBody = z.object({ email: z.string().min(1).max(254), password }).strict();

export const sessionSchema = z
  .object({
    admin: adminSchema,
    csrf_token: z
      .string()
      .meta({ description: 'Send it in X-CSRF-Token on every state-changing request' }),
    expires_at: timestamp,
  })
  .meta({ id: 'AdminSession' });

export const changePasswordBody = z
  .object({ current_password: password, new_password: password })
  .strict();

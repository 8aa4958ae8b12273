import { z } from 'zod';
import { isValidTimeZone } from '../../../shared/domain/time-zone.ts';
import { pageOf, pageQuery, plainText, timestamp, uuid } from './common.ts';

export const timeZoneSchema = z
  .string()
  .max(64)
  .refine(isValidTimeZone, 'must be an IANA time zone such as Asia/Shanghai');

export const tenantSchema = z
  .object({
    id: uuid,
    name: z.string(),
    status: z.enum(['active', 'suspended']),
    time_zone: z.string(),
    verification_id: z
      .string()
      .meta({ description: 'Enterprise verification ID employees type into the client' }),
    created_at: timestamp,
    updated_at: timestamp,
  })
  .meta({ id: 'Tenant' });

export const tenantParams = z.object({ tenantId: uuid }).strict();

export const createTenantBody = z
  .object({
    name: plainText(1, 100),
    time_zone: timeZoneSchema.optional(),
    status: z.enum(['active', 'suspended']).optional(),
  })
  .strict();

export const updateTenantBody = createTenantBody.partial().strict();

export const listTenantsQuery = z
  .object({
    ...pageQuery,
    q: z.string().max(100).optional(),
    status: z.enum(['active', 'suspended']).optional(),
  })
  .strict();

export const deleteTenantQuery = z
  .object({ confirm: z.enum(['true', 'false']).optional() })
  .strict();

export const tenantPage = pageOf(tenantSchema);

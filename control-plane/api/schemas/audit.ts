import { z } from 'zod';
import { timestamp, uuid } from './common.ts';

export const auditEntrySchema = z
  .object({
    id: z.number().int(),
    at: timestamp,
    tenant_id: uuid.nullable(),
    actor: z.object({
      type: z.enum(['admin', 'system', 'anonymous']),
      id: uuid.nullable(),
      label: z.string().nullable(),
    }),
    action: z.string(),
    target_type: z.string(),
    target_id: z.string().nullable(),
    before: z.unknown(),
    after: z.unknown(),
    request_id: z.string().nullable(),
    ip: z.string().nullable(),
  })
  .meta({ id: 'AuditEntry' });

export const auditQuery = z
  .object({
    tenant_id: uuid.optional(),
    actor_id: uuid.optional(),
    action: z
      .string()
      .regex(/^[a-z_]+(\.[a-z_]+)*(\.\*)?$/)
      .max(100)
      .optional(),
    target_type: z
      .string()
      .regex(/^[a-z_]+$/)
      .max(50)
      .optional(),
    target_id: z.string().max(100).optional(),
    from: timestamp.optional(),
    to: timestamp.optional(),
    cursor: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();

/** The list's filters without paging: an export takes every matching entry. */
export const auditExportQuery = auditQuery.omit({ cursor: true, limit: true }).strict();

export const auditPage = z.object({
  items: z.array(auditEntrySchema),
  next_cursor: z.string().nullable(),
});

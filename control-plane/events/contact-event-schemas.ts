// The `event` part of contact v3 events (reference 6.5), parsed from the stored envelope. Ids are
// open ids. Fields the app may not read are simply absent (field scopes), so almost everything is
// optional; the user object is kept whole for the field mapping.
import { z } from 'zod';

const openId = z.string().min(1).max(128);

export const eventDepartmentSchema = z
  .object({
    open_department_id: openId,
    name: z.string().max(1000).optional(),
    department_id: z.string().max(128).nullish(),
    parent_department_id: z.string().max(128).optional(),
    leader_user_id: z.string().max(128).nullish(),
    order: z.union([z.number(), z.string()]).optional(),
    status: z.object({ is_deleted: z.boolean().optional() }).loose().optional(),
  })
  .loose();

export type EventDepartment = z.infer<typeof eventDepartmentSchema>;

export const eventUserSchema = z
  .object({
    open_id: openId,
    union_id: z.string().min(1).max(128),
    department_ids: z.array(z.string().max(128)).max(10_000).optional(),
  })
  .loose();

export type EventUser = z.infer<typeof eventUserSchema>;

export const departmentEventSchema = z.object({
  object: eventDepartmentSchema,
  old_object: z.record(z.string(), z.unknown()).optional(),
});

export const userEventSchema = z.object({
  object: eventUserSchema,
  old_object: z
    .object({ department_ids: z.array(z.string().max(128)).max(10_000).optional() })
    .loose()
    .optional(),
});

export const CONTACT_EVENT_TYPES = {
  userCreated: 'contact.user.created_v3',
  userUpdated: 'contact.user.updated_v3',
  userDeleted: 'contact.user.deleted_v3',
  departmentCreated: 'contact.department.created_v3',
  departmentUpdated: 'contact.department.updated_v3',
  departmentDeleted: 'contact.department.deleted_v3',
  scopeUpdated: 'contact.scope.updated_v3',
} as const;

/** The envelope's `event` part (v2); undefined for anything else. */
export function eventBodyOf(payload: unknown): unknown {
  if (typeof payload !== 'object' || payload === null) return undefined;
  return (payload as { event?: unknown }).event;
}

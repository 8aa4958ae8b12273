// An admin as the API shows it: never the password hash or the sign-in counters' internals.
import type { AdminRow } from '../storage/schema.ts';

export const adminView = (a: AdminRow) => ({
  id: a.id,
  email: a.email,
  name: a.name,
  role: a.role,
  tenant_id: a.tenant_id,
  status: a.status,
  last_login_at: a.last_login_at?.toISOString() ?? null,
  locked_until: a.locked_until?.toISOString() ?? null,
  created_at: a.created_at.toISOString(),
  updated_at: a.updated_at.toISOString(),
});

export type AdminView = ReturnType<typeof adminView>;

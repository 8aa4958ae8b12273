// A tenant as the admin API shows it (also its audit snapshot: a tenant has no secrets).
import type { TenantRow } from '../storage/schema.ts';

export const tenantView = (t: TenantRow) => ({
  id: t.id,
  name: t.name,
  status: t.status,
  time_zone: t.time_zone,
  verification_id: t.verification_id,
  created_at: t.created_at.toISOString(),
  updated_at: t.updated_at.toISOString(),
});

export type TenantView = ReturnType<typeof tenantView>;

import { useApi } from '../../app/session.tsx';
import type { Tenant } from '../../api/types.ts';
import { useLoad } from '../../components/use-load.ts';

/** The tenant (for its time zone: schedules are read in it). */
export function useTenant(tenantId: string) {
  const api = useApi();
  return useLoad(
    () => api.get<Tenant>(`/tenants/${encodeURIComponent(tenantId)}`),
    [api, tenantId],
  );
}

// Which tenant the tenant pages work on. Tenant pages live under /console/t/:tenantId/..., so
// the address names the tenant (links can be shared). Outside them, the nav links use the last
// tenant this browser worked on, or the admin's own tenant.
import { useParams } from 'react-router';
import { browserStorage } from '../i18n/language.ts';
import type { Admin } from '../api/types.ts';

const STORAGE_KEY = 'gatehouse.console.tenant';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The tenant id of the current tenant page (throws outside one: a routing mistake). */
export function useTenantId(): string {
  const { tenantId } = useParams();
  if (!tenantId) throw new Error('useTenantId outside /t/:tenantId/');
  return tenantId;
}

export function rememberTenant(tenantId: string): void {
  try {
    browserStorage()?.setItem(STORAGE_KEY, tenantId);
  } catch {
    // Storage refused: the switcher still works, it just is not remembered.
  }
}

/** The tenant the nav should point to when the address names none. */
export function defaultTenant(admin: Admin, fromAddress: string | undefined): string | null {
  if (admin.role === 'tenant_admin') return admin.tenant_id;
  if (fromAddress && UUID.test(fromAddress)) return fromAddress;
  const remembered = browserStorage()?.getItem(STORAGE_KEY);
  return remembered && UUID.test(remembered) ? remembered : null;
}

/** /console/t/<id>/<rest>: the path of a tenant page. */
export const tenantPath = (tenantId: string, rest: string): string =>
  `/t/${encodeURIComponent(tenantId)}/${rest}`;

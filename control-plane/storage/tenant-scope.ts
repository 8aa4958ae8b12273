// Which tenants a caller may see. Every repository function that reads or writes tenant data
// takes one, so isolation is a property of the query, not of the route that happens to call it.
import type { SelectQueryBuilder } from 'kysely';

export type TenantScope = { kind: 'all' } | { kind: 'tenant'; tenantId: string };

export const ALL_TENANTS: TenantScope = { kind: 'all' };
export const tenantScope = (tenantId: string): TenantScope => ({ kind: 'tenant', tenantId });

export const scopeAllows = (scope: TenantScope, tenantId: string | null | undefined): boolean =>
  scope.kind === 'all' || (tenantId != null && scope.tenantId === tenantId);

/** Adds "and <column> = <tenant>" for a tenant scope. */
export function whereInScope<DB, TB extends keyof DB, O>(
  query: SelectQueryBuilder<DB, TB, O>,
  column: string,
  scope: TenantScope,
): SelectQueryBuilder<DB, TB, O> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return scope.kind === 'all' ? query : query.where(column as any, '=', scope.tenantId as any);
}

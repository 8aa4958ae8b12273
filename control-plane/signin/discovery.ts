// Discovery: an enterprise verification ID to the tenant's name and its enabled sign-in
// methods. Unknown and malformed IDs get the same TENANT_NOT_FOUND, and look-ups are rate
// limited per client (tenant-lookup.ts), so IDs cannot be walked.
import type { DiscoveryResponse } from '../../shared/domain/auth/discovery.ts';
import { AppError } from '../../shared/domain/errors/index.ts';
import type { SignInDeps } from './signin-deps.ts';

export async function discover(
  deps: Pick<SignInDeps, 'db' | 'tenantLookup'>,
  enterpriseId: string,
  clientKey: string,
): Promise<DiscoveryResponse> {
  const tenant = await deps.tenantLookup.lookup(enterpriseId, clientKey);
  const sources = await deps.db
    .selectFrom('identity_sources')
    .select(['id', 'brand', 'name', 'description', 'qr_login'])
    .where('tenant_id', '=', tenant.id)
    .where('status', '=', 'enabled')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const [first, ...rest] = sources;
  if (!first) throw new AppError('SIGNIN_NO_SOURCE_ENABLED');
  return { tenant: { name: tenant.name }, sources: [first, ...rest] };
}

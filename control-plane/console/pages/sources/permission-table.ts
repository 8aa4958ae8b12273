// The JSON the developer console's "Batch import/export scopes > Import" accepts, made from the
// permissions the connectivity test checks (shared/domain/feishu-permissions.ts).
import { PERMISSIONS } from '../../../../shared/domain/feishu-permissions.ts';

/**
 * The batch-import JSON of the Lark guide: tenant token scopes (all of the above) and user
 * token scopes (the contact ones: app information is read with the tenant token only).
 */
export function batchImportJson(): string {
  const tenant = PERMISSIONS.map((p) => p.scope);
  const user = tenant.filter((s) => s.startsWith('contact:'));
  return JSON.stringify({ scopes: { tenant, user } }, null, 2);
}

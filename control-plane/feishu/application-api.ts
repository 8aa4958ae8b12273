// application v6 reads (reference section 8): which of the app's scopes the tenant granted (no
// scope needed to ask), and the app's own info (needs admin:app.info:readonly or
// application:application:self_manage, so it is optional for us).
import type { FeishuClient } from './feishu-client.ts';
import { appInfoSchema, grantedScopesSchema } from './schemas.ts';

export const APPLICATION_ENDPOINTS = {
  scopes: 'GET /open-apis/application/v6/scopes',
  appInfo: 'GET /open-apis/application/v6/applications/:app_id',
} as const;

/**
 * The tenant scopes granted to the app. The platform may list contact scopes without their
 * "contact:" prefix (the doc's example does), so both spellings are returned.
 */
export async function grantedTenantScopes(client: FeishuClient): Promise<Set<string>> {
  const data = await client.call({
    method: 'GET',
    endpoint: APPLICATION_ENDPOINTS.scopes,
    path: '/open-apis/application/v6/scopes',
    data: grantedScopesSchema,
  });
  const granted = new Set<string>();
  for (const s of data.scopes) {
    if (s.grant_status !== 1 || (s.scope_type && s.scope_type !== 'tenant')) continue;
    // Both spellings: an extra name is never asked for, a missing one would be a false alarm.
    granted.add(s.scope_name);
    granted.add(`contact:${s.scope_name}`);
  }
  return granted;
}

export interface AppInfo {
  appName: string | null;
  status: number | null;
  scopes: string[];
}

export async function appInfo(client: FeishuClient, lang: 'zh_cn' | 'en_us'): Promise<AppInfo> {
  const data = await client.call({
    method: 'GET',
    endpoint: APPLICATION_ENDPOINTS.appInfo,
    path: '/open-apis/application/v6/applications/me',
    query: { lang },
    data: appInfoSchema,
  });
  return {
    appName: data.app.app_name ?? null,
    status: data.app.status ?? null,
    scopes: data.app.scopes.map((s) => s.scope),
  };
}

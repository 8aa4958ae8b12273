// The live Feishu/Lark department tree for the wizard's scope picker: one page of a
// department's children, read with the source's stored credentials (which never leave the
// control plane) before anything is synced. Clients are kept per source and credentials
// version, so the tenant token is fetched once, not on every expand; a change of App ID or
// secret bumps the version and starts a new client. Platform refusals arrive as the catalog's
// FEISHU_* errors (40004 and friends: FEISHU_CONTACT_RANGE_DENIED with the fix).
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { AppError } from '../../shared/domain/errors/index.ts';
import { scopeOf, type RequestContext } from '../auth/actor.ts';
import { decryptSourceSecrets } from '../identity-sources/source-secrets.ts';
import type { SecretBox } from '../security/secret-box.ts';
import { getSource } from '../storage/repositories/identity-sources.ts';
import type { Database } from '../storage/schema.ts';
import { ENDPOINTS, PAGE_SIZE } from './contact-api.ts';
import { FeishuClient, type FeishuClientOptions } from './feishu-client.ts';
import type { BaseUrls } from './hosts.ts';
import { departmentSchema, pageSchema } from './schemas.ts';

// Feishu's department object also counts its members; the sync does not need that field.
const liveDepartmentSchema = departmentSchema.extend({
  member_count: z.number().int().nonnegative().optional(),
});

export interface LiveDepartment {
  open_department_id: string;
  department_id: string | null;
  name: string;
  i18n_name: Record<string, string>;
  parent_open_department_id: string;
  /** People in the department and below it, as Feishu counts them (null if it did not say). */
  member_count: number | null;
}

export interface LiveDepartmentPage {
  items: LiveDepartment[];
  /** Pass back for the next page of the same parent; null at the end. */
  page_token: string | null;
}

const KEPT_CLIENTS = 64;
const childPage = pageSchema(liveDepartmentSchema);

export function createLiveDepartments(deps: {
  db: Kysely<Database>;
  secretBox: SecretBox;
  baseUrls?: BaseUrls;
  client?: Partial<Omit<FeishuClientOptions, 'brand' | 'appId' | 'appSecret' | 'baseUrls'>>;
}) {
  const clients = new Map<string, FeishuClient>();

  function clientFor(source: {
    id: string;
    credentials_version: number;
    brand: FeishuClientOptions['brand'];
    app_id: string;
    appSecret: string;
  }): FeishuClient {
    const key = `${source.id}:${source.credentials_version}`;
    let client = clients.get(key);
    if (client) {
      clients.delete(key); // re-inserted below: the map's order is least recently used first
    } else {
      client = new FeishuClient({
        timeoutMs: 10_000,
        maxAttempts: 2,
        maxRateLimitWaits: 1,
        ...deps.client,
        brand: source.brand,
        appId: source.app_id,
        appSecret: source.appSecret,
        baseUrls: deps.baseUrls,
      });
      // A client for older credentials of this source will not be asked again.
      for (const old of [...clients.keys()])
        if (old.startsWith(`${source.id}:`)) clients.delete(old);
      const oldest = clients.keys().next();
      if (clients.size >= KEPT_CLIENTS && !oldest.done) clients.delete(oldest.value);
    }
    clients.set(key, client);
    return client;
  }

  return {
    async children(
      ctx: RequestContext,
      tenantId: string,
      sourceId: string,
      parentId: string,
      pageToken?: string,
    ): Promise<LiveDepartmentPage> {
      const source = await getSource(deps.db, scopeOf(ctx.actor), tenantId, sourceId);
      if (!source) throw new AppError('SOURCE_NOT_FOUND');
      const { appSecret } = decryptSourceSecrets(deps.secretBox, source);
      const client = clientFor({ ...source, appSecret });
      const page = await client.call({
        method: 'GET',
        endpoint: ENDPOINTS.children,
        path: `/open-apis/contact/v3/departments/${encodeURIComponent(parentId)}/children`,
        query: {
          user_id_type: 'open_id',
          department_id_type: 'open_department_id',
          fetch_child: false,
          page_size: PAGE_SIZE,
          page_token: pageToken,
        },
        data: childPage,
      });
      return {
        items: page.items
          .filter((d) => !d.status?.is_deleted)
          .map((d) => ({
            open_department_id: d.open_department_id,
            department_id: d.department_id ?? null,
            name: d.name ?? d.open_department_id,
            i18n_name: d.i18n_name ?? {},
            parent_open_department_id: d.parent_department_id ?? parentId,
            member_count: d.member_count ?? null,
          })),
        page_token: page.has_more && page.page_token ? page.page_token : null,
      };
    },
  };
}

export type LiveDepartments = ReturnType<typeof createLiveDepartments>;

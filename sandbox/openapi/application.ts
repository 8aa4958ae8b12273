// application v6 (reference section 8): an app's info with its scopes, the tenant's grant status
// of the app's scopes, and the app's contact range configuration. Secrets (app secret, encrypt
// key, verification token) are never part of these answers.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { SandboxContext } from '../context.ts';
import { departmentRef, userRef } from '../org/render.ts';
import type { Brand, SandboxApp } from '../org/types.ts';
import { requireAnyScope, requireTenantApp } from './auth-guard.ts';
import { invalidField, parseIdTypes, single, type Query } from './contact-params.ts';
import { E, openApiErrorHandler, success } from './errors.ts';
import { indexList, pageOf, parsePageSize } from './pagination.ts';
import {
  APPLICABLE_TENANT_SCOPES,
  scopeDescription,
  scopeLevel,
  type Lang,
} from './scope-catalog.ts';

const SELF_INFO_SCOPES = ['application:application:self_manage', 'admin:app.info:readonly'];
const OTHER_INFO_SCOPES = ['admin:app.info:readonly'];

/** The doc's example lists contact scopes without their "contact:" namespace. */
export const scopeNameOf = (scope: string) => scope.replace(/^contact:/, '');

function renderScopes(app: SandboxApp, lang: Lang) {
  const names = [...new Set([...app.scopes, ...app.userScopes])];
  return names.map((scope) => ({
    scope,
    description: scopeDescription(scope, lang),
    level: scopeLevel(scope),
    token_types: [
      ...(app.scopes.includes(scope) ? ['tenant'] : []),
      ...(app.userScopes.includes(scope) ? ['user'] : []),
    ],
  }));
}

export function registerApplicationRoutes(
  app: FastifyInstance,
  ctx: SandboxContext,
  brand: Brand,
): void {
  const { store } = ctx;
  const errorHandler = openApiErrorHandler(brand, E.paramError);

  /** The app an app_id path names ("me" = the caller), after the caller's scope check. */
  const target = (req: FastifyRequest): { caller: SandboxApp; target: SandboxApp } => {
    const caller = requireTenantApp(ctx, brand, req);
    const { app_id: appId } = req.params as { app_id: string };
    if (appId === 'me' || appId === caller.appId) {
      requireAnyScope(caller, brand, SELF_INFO_SCOPES);
      return { caller, target: caller };
    }
    requireAnyScope(caller, brand, OTHER_INFO_SCOPES);
    const other = store.apps.get(appId);
    if (!other || other.tenantKey !== caller.tenantKey || other.brand !== brand) {
      throw E.appNotFound();
    }
    return { caller, target: other };
  };

  app.get('/open-apis/application/v6/applications/:app_id', { errorHandler }, async (req) => {
    const q = req.query as Query;
    const { target: a } = target(req);
    const lang = single(q, 'lang');
    if (lang !== 'zh_cn' && lang !== 'en_us' && lang !== 'ja_jp') {
      throw invalidField('lang', lang, 'lang is required: zh_cn, en_us or ja_jp');
    }
    const tenant = store.tenants.get(a.tenantKey);
    return success({
      app: {
        app_id: a.appId,
        status: a.enabled ? 1 : 0,
        scene_type: 0,
        payment_type: 0,
        create_source: 'developer_console',
        redirect_urls: [...a.redirectUrls],
        online_version_id: `oav_${a.appId.replace(/^cli_/, '')}`,
        unaudit_version_id: '',
        app_name: a.name,
        avatar_url: '',
        description: '',
        scopes: renderScopes(a, lang),
        back_home_url: '',
        i18n: [{ i18n_key: lang, name: a.name, description: '' }],
        primary_language: brand === 'lark' ? 'en_us' : 'zh_cn',
        common_categories: [],
        owner: { type: 2, name: tenant?.name ?? '' },
        mobile_default_ability: 'web_app',
        pc_default_ability: 'web_app',
      },
    });
  });

  app.get('/open-apis/application/v6/scopes', { errorHandler }, async (req) => {
    const caller = requireTenantApp(ctx, brand, req);
    const rows: { scope_name: string; grant_status: 1 | 2; scope_type: 'tenant' | 'user' }[] = [];
    for (const s of caller.scopes) {
      rows.push({ scope_name: scopeNameOf(s), grant_status: 1, scope_type: 'tenant' });
    }
    for (const s of APPLICABLE_TENANT_SCOPES) {
      if (!caller.scopes.includes(s)) {
        rows.push({ scope_name: scopeNameOf(s), grant_status: 2, scope_type: 'tenant' });
      }
    }
    for (const s of caller.userScopes) {
      rows.push({ scope_name: scopeNameOf(s), grant_status: 1, scope_type: 'user' });
    }
    return success({ scopes: rows });
  });

  // Shape from the Node SDK's types; paging and the id rendering are sandbox guesses.
  app.get(
    '/open-apis/application/v6/applications/:app_id/contacts_range_configuration',
    { errorHandler },
    async (req) => {
      const q = req.query as Query;
      const { caller, target: a } = target(req);
      const ids = parseIdTypes(caller, brand, q);
      const size = parsePageSize(single(q, 'page_size'), 50, 100);
      const range = a.contactRange;
      if (range.kind === 'all') {
        return success({ contacts_range: { contacts_scope_type: 'all' }, has_more: false });
      }
      const entries = [
        ...range.userKeys.map((k) => ({
          key: `u:${k}`,
          ref: userRef(store, caller, k, ids.userIdType),
        })),
        ...range.departmentKeys.map((k) => ({
          key: `d:${k}`,
          ref: departmentRef(store, k, ids.departmentIdType),
        })),
      ].filter((e): e is { key: string; ref: string } => e.ref !== undefined);
      const page = pageOf(
        indexList(entries, (e) => e.key),
        (e) => e.key,
        size,
        single(q, 'page_token'),
        `contacts_range:${a.appId}`,
      );
      return success({
        contacts_range: {
          contacts_scope_type: 'some',
          visible_list: {
            open_ids: page.items.filter((e) => e.key.startsWith('u:')).map((e) => e.ref),
            department_ids: page.items.filter((e) => e.key.startsWith('d:')).map((e) => e.ref),
            group_ids: [],
          },
        },
        has_more: page.hasMore,
        ...(page.pageToken ? { page_token: page.pageToken } : {}),
      });
    },
  );
}

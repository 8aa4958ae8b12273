// GET /open-apis/contact/v3/scopes (reference section 5.5): the app's contact range as ids.
// "All members" shows the root's first-level departments and direct users, never "0"; a partial
// range shows exactly the chosen departments and users. Users come first, then departments;
// page_size counts across both. user_ids only with contact:user.employee_id:readonly (doc).
import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../context.ts';
import { ROOT } from '../org/org-store.ts';
import { departmentRef, userRef } from '../org/render.ts';
import type { Brand } from '../org/types.ts';
import { requireAnyScope, requireTenantApp } from './auth-guard.ts';
import { childListing, memberListing } from './contact-index.ts';
import {
  CONTACT_READ_SCOPES,
  USER_ID_TYPE_SCOPES,
  parseIdTypes,
  single,
  type Query,
} from './contact-params.ts';
import { E, openApiErrorHandler, success } from './errors.ts';
import { indexList, pageOf, parsePageSize } from './pagination.ts';

interface Entry {
  key: string;
  kind: 'user' | 'department';
  ref: string;
}

export function registerContactScopeRoutes(
  app: FastifyInstance,
  ctx: SandboxContext,
  brand: Brand,
): void {
  const { store } = ctx;
  const errorHandler = openApiErrorHandler(brand, E.paramError);

  app.get('/open-apis/contact/v3/scopes', { errorHandler }, async (req) => {
    const sandboxApp = requireTenantApp(ctx, brand, req);
    requireAnyScope(sandboxApp, brand, CONTACT_READ_SCOPES);
    const q = req.query as Query;
    const ids = parseIdTypes(sandboxApp, brand, q);
    const size = parsePageSize(single(q, 'page_size'), 50, 100);
    const showUsers = USER_ID_TYPE_SCOPES.some((s) => sandboxApp.scopes.includes(s));
    const range = sandboxApp.contactRange;

    const entries: Entry[] = [];
    const addUser = (key: string) => {
      const ref = userRef(store, sandboxApp, key, ids.userIdType);
      const u = store.users.get(key);
      if (ref && u && !u.deleted) entries.push({ key: `u:${key}`, kind: 'user', ref });
    };
    const addDept = (key: string) => {
      const d = store.departments.get(key);
      const ref = departmentRef(store, key, ids.departmentIdType);
      if (ref && d && !d.deleted && d.tenantKey === sandboxApp.tenantKey) {
        entries.push({ key: `d:${key}`, kind: 'department', ref });
      }
    };
    if (range.kind === 'all') {
      if (showUsers) {
        for (const u of memberListing(store, sandboxApp.tenantKey, ROOT).items) addUser(u.key);
      }
      for (const d of childListing(store, sandboxApp.tenantKey, ROOT, false).items) addDept(d.key);
    } else {
      if (showUsers) for (const k of range.userKeys) addUser(k);
      for (const k of range.departmentKeys) addDept(k);
    }

    const page = pageOf(
      indexList(entries, (e) => e.key),
      (e) => e.key,
      size,
      single(q, 'page_token'),
      `scopes:${sandboxApp.appId}`,
    );
    return success({
      department_ids: page.items.filter((e) => e.kind === 'department').map((e) => e.ref),
      user_ids: page.items.filter((e) => e.kind === 'user').map((e) => e.ref),
      group_ids: [],
      has_more: page.hasMore,
      ...(page.pageToken ? { page_token: page.pageToken } : {}),
    });
  });
}

// contact v3 user reads (reference sections 5.2, 5.4, 5.6): direct members of a department,
// a single user (resigned ones too, with their status), a batch, and ids by email/mobile.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { SandboxContext } from '../context.ts';
import { renderRestUser, userRef, type Json } from '../org/render.ts';
import type { Brand, SandboxUser } from '../org/types.ts';
import { requireAnyScope, requireTenantApp } from './auth-guard.ts';
import { memberListing, normalizeEmail, normalizeMobile, userLookup } from './contact-index.ts';
import {
  CONTACT_READ_SCOPES,
  CONTACT_TREE_SCOPES,
  invalidField,
  many,
  parseIdTypes,
  requireDepartmentInRange,
  requireUserInRange,
  resolveDepartmentKey,
  resolveUser,
  single,
  type Query,
} from './contact-params.ts';
import { E, openApiErrorHandler, success } from './errors.ts';
import { pageOf, parsePageSize } from './pagination.ts';

const BATCH_GET_ID_SCOPES = [
  'contact:user.id:readonly',
  'contact:contact:access_as_app',
  'contact:contact:readonly_as_app',
  'contact:contact:readonly',
] as const;

const BatchGetIdBody = z.object({
  emails: z.array(z.string()).max(50).optional(),
  mobiles: z.array(z.string()).max(50).optional(),
  include_resigned: z.boolean().optional(),
});

const byKey = (u: { key: string }) => u.key;

export function registerUserRoutes(app: FastifyInstance, ctx: SandboxContext, brand: Brand): void {
  const { store } = ctx;
  const errorHandler = openApiErrorHandler(brand, E.paramError);
  const caller = (req: FastifyRequest, scopes: readonly string[]) => {
    const sandboxApp = requireTenantApp(ctx, brand, req);
    requireAnyScope(sandboxApp, brand, scopes);
    const q = req.query as Query;
    return { sandboxApp, q, ids: parseIdTypes(sandboxApp, brand, q) };
  };

  app.get('/open-apis/contact/v3/users/find_by_department', { errorHandler }, async (req) => {
    const { sandboxApp, q, ids } = caller(req, CONTACT_TREE_SCOPES);
    const id = single(q, 'department_id');
    if (!id) throw invalidField('department_id', id, 'department_id is required');
    const key = resolveDepartmentKey(store, sandboxApp, id, ids.departmentIdType);
    requireDepartmentInRange(store, sandboxApp, key);
    const size = parsePageSize(single(q, 'page_size'), 10, 50);
    const list = memberListing(store, sandboxApp.tenantKey, key);
    const page = pageOf(list, byKey, size, single(q, 'page_token'), `members:${key}`);
    return success({
      has_more: page.hasMore,
      ...(page.pageToken ? { page_token: page.pageToken } : {}),
      items: page.items.map((u) => renderRestUser(store, u, sandboxApp, ids)),
    });
  });

  app.get('/open-apis/contact/v3/users/batch', { errorHandler }, async (req) => {
    const { sandboxApp, q, ids } = caller(req, CONTACT_READ_SCOPES);
    const wanted = many(q, 'user_ids');
    if (wanted.length === 0 || wanted.length > 50) {
      throw invalidField('user_ids', wanted.length, 'between 1 and 50 user_ids');
    }
    const items: Json[] = [];
    // Unknown and out-of-range ids are left out of the batch (sandbox choice, see README).
    for (const id of wanted) {
      let user: SandboxUser;
      try {
        user = resolveUser(store, sandboxApp, id, ids.userIdType);
      } catch {
        continue;
      }
      if (store.userInRange(sandboxApp, user)) {
        items.push(renderRestUser(store, user, sandboxApp, ids));
      }
    }
    return success({ items });
  });

  app.post('/open-apis/contact/v3/users/batch_get_id', { errorHandler }, async (req) => {
    const { sandboxApp, ids } = caller(req, BATCH_GET_ID_SCOPES);
    const parsed = BatchGetIdBody.safeParse(req.body ?? {});
    if (!parsed.success) {
      throw invalidField('emails/mobiles', '', 'at most 50 emails and 50 mobiles, strings only');
    }
    const { emails = [], mobiles = [], include_resigned: withResigned = false } = parsed.data;
    const lookup = userLookup(store, sandboxApp.tenantKey);
    const pick = (candidates: SandboxUser[] | undefined) => {
      const visible = (candidates ?? []).filter(
        (u) => store.userInRange(sandboxApp, u) && (withResigned || !u.status.is_resigned),
      );
      // An active holder of an address wins over a resigned one who had it before.
      return visible.find((u) => !u.status.is_resigned) ?? visible[0];
    };
    const entry = (field: 'email' | 'mobile', value: string, u: SandboxUser | undefined) => {
      const out: Json = { [field]: value };
      if (u) {
        out.user_id = userRef(store, sandboxApp, u.key, ids.userIdType);
        out.status = { ...u.status };
      }
      return out;
    };
    const userList = [
      ...emails.map((e) => entry('email', e, pick(lookup.byEmail.get(normalizeEmail(e))))),
      ...mobiles.map((m) => entry('mobile', m, pick(lookup.byMobile.get(normalizeMobile(m))))),
    ];
    return success({ user_list: userList });
  });

  app.get('/open-apis/contact/v3/users/:user_id', { errorHandler }, async (req) => {
    const { sandboxApp, ids } = caller(req, CONTACT_READ_SCOPES);
    const { user_id: id } = req.params as { user_id: string };
    const user = resolveUser(store, sandboxApp, id, ids.userIdType);
    requireUserInRange(store, sandboxApp, user);
    return success({ user: renderRestUser(store, user, sandboxApp, ids) });
  });
}

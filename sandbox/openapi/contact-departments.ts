// contact v3 department reads (reference sections 5.2, 5.3, 5.6): children (direct or all
// descendants), a single department, a batch, and the parent chain. The calling app sees only
// its contact range; the root "0" needs the "all members" range.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { SandboxContext } from '../context.ts';
import { fieldAccess } from '../org/field-access.ts';
import { ROOT, type OrgStore } from '../org/org-store.ts';
import { renderRestDepartment, type IdTypes, type Json } from '../org/render.ts';
import type { Brand, SandboxApp } from '../org/types.ts';
import { requireAnyScope, requireTenantApp } from './auth-guard.ts';
import { childListing } from './contact-index.ts';
import {
  CONTACT_READ_SCOPES,
  CONTACT_TREE_SCOPES,
  invalidField,
  many,
  parseBool,
  parseIdTypes,
  requireDepartmentInRange,
  resolveDepartmentKey,
  single,
  type Query,
} from './contact-params.ts';
import { E, openApiErrorHandler, success } from './errors.ts';
import { indexList, pageOf, parsePageSize } from './pagination.ts';

const byKey = (d: { key: string }) => d.key;

/** The root department as departments/0 shows it (sandbox choice: tenant name, ids "0"). */
function renderRoot(store: OrgStore, app: SandboxApp): Json {
  const a = fieldAccess(app);
  const out: Json = { open_department_id: ROOT };
  const name = store.tenants.get(app.tenantKey)?.name ?? '';
  if (a.deptBase) {
    out.name = name;
    out.i18n_name = { zh_cn: name, ja_jp: '', en_us: '' };
    out.department_id = ROOT;
    out.status = { is_deleted: false };
  }
  if (a.deptOrganize) {
    let members = 0;
    for (const u of store.users.values()) {
      if (u.tenantKey === app.tenantKey && !u.deleted && !u.status.is_resigned) members += 1;
    }
    out.parent_department_id = '';
    out.order = '0';
    out.member_count = members;
    out.primary_member_count = members;
    out.leaders = [];
    out.unit_ids = [];
  }
  return out;
}

export function registerDepartmentRoutes(
  app: FastifyInstance,
  ctx: SandboxContext,
  brand: Brand,
): void {
  const { store } = ctx;
  const errorHandler = openApiErrorHandler(brand, E.paramError);
  const caller = (req: FastifyRequest, scopes: readonly string[]) => {
    const sandboxApp = requireTenantApp(ctx, brand, req);
    requireAnyScope(sandboxApp, brand, scopes);
    const q = req.query as Query;
    return { sandboxApp, q, ids: parseIdTypes(sandboxApp, brand, q) };
  };
  const render = (a: SandboxApp, ids: IdTypes) => (d: Parameters<typeof renderRestDepartment>[1]) =>
    renderRestDepartment(store, d, a, ids);

  app.get(
    '/open-apis/contact/v3/departments/:department_id/children',
    { errorHandler },
    async (req) => {
      const { sandboxApp, q, ids } = caller(req, CONTACT_TREE_SCOPES);
      const { department_id: id } = req.params as { department_id: string };
      const key = resolveDepartmentKey(store, sandboxApp, id, ids.departmentIdType);
      requireDepartmentInRange(store, sandboxApp, key);
      const recursive = parseBool(q, 'fetch_child', false);
      const size = parsePageSize(single(q, 'page_size'), 10, 50);
      const list = childListing(store, sandboxApp.tenantKey, key, recursive);
      const page = pageOf(
        list,
        byKey,
        size,
        single(q, 'page_token'),
        `children:${key}:${recursive}`,
      );
      return success({
        has_more: page.hasMore,
        ...(page.pageToken ? { page_token: page.pageToken } : {}),
        items: page.items.map(render(sandboxApp, ids)),
      });
    },
  );

  app.get('/open-apis/contact/v3/departments/batch', { errorHandler }, async (req) => {
    const { sandboxApp, q, ids } = caller(req, CONTACT_READ_SCOPES);
    const wanted = many(q, 'department_ids');
    if (wanted.length === 0 || wanted.length > 50) {
      throw invalidField('department_ids', wanted.length, 'between 1 and 50 department_ids');
    }
    const items: Json[] = [];
    // Unknown and out-of-range ids are left out of the batch (sandbox choice, see README).
    for (const id of wanted) {
      if (id === ROOT) continue;
      let key: string;
      try {
        key = resolveDepartmentKey(store, sandboxApp, id, ids.departmentIdType);
      } catch {
        continue;
      }
      const dept = store.departments.get(key);
      if (dept && store.departmentInRange(sandboxApp, key)) {
        items.push(renderRestDepartment(store, dept, sandboxApp, ids));
      }
    }
    return success({ items });
  });

  app.get('/open-apis/contact/v3/departments/parent', { errorHandler }, async (req) => {
    const { sandboxApp, q, ids } = caller(req, CONTACT_TREE_SCOPES);
    const id = single(q, 'department_id');
    if (!id) throw invalidField('department_id', id, 'department_id is required');
    const key = resolveDepartmentKey(store, sandboxApp, id, ids.departmentIdType);
    requireDepartmentInRange(store, sandboxApp, key);
    const size = parsePageSize(single(q, 'page_size'), 10, 50);
    // Nearest parent first; ancestors outside the app's range are not shown.
    const chain = key === ROOT ? [] : store.ancestorsOf(key).slice(1);
    const visible = chain
      .filter((k) => store.departmentInRange(sandboxApp, k))
      .map((k) => store.liveDepartment(k));
    const page = pageOf(
      indexList(visible, byKey),
      byKey,
      size,
      single(q, 'page_token'),
      `parent:${key}`,
    );
    return success({
      has_more: page.hasMore,
      ...(page.pageToken ? { page_token: page.pageToken } : {}),
      items: page.items.map(render(sandboxApp, ids)),
    });
  });

  app.get('/open-apis/contact/v3/departments/:department_id', { errorHandler }, async (req) => {
    const { sandboxApp, ids } = caller(req, CONTACT_READ_SCOPES);
    const { department_id: id } = req.params as { department_id: string };
    const key = resolveDepartmentKey(store, sandboxApp, id, ids.departmentIdType);
    requireDepartmentInRange(store, sandboxApp, key);
    if (key === ROOT) return success({ department: renderRoot(store, sandboxApp) });
    return success({
      department: renderRestDepartment(store, store.liveDepartment(key), sandboxApp, ids),
    });
  });
}

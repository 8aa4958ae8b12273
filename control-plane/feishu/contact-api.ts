// Contact v3 reads a sync needs (reference section 5), with paging: child departments
// (fetch_child), direct members of a department (find_by_department, "0" = the root's direct
// members), users by id in batches of 50 (resigned ones too) and the app's contact range. Pages
// are 50, the platform's maximum; ids are open ids throughout.
import type { FeishuClient } from './feishu-client.ts';
import {
  contactScopesSchema,
  departmentDataSchema,
  departmentSchema,
  pageSchema,
  userBatchSchema,
  userSchema,
  type FeishuDepartment,
  type FeishuUser,
} from './schemas.ts';

export const PAGE_SIZE = 50;
/** A listing that never ends is a bug somewhere: stop after this many pages. */
const MAX_PAGES = 100_000;

const ID_TYPES = { user_id_type: 'open_id', department_id_type: 'open_department_id' } as const;

export const ENDPOINTS = {
  children: 'GET /open-apis/contact/v3/departments/:department_id/children',
  department: 'GET /open-apis/contact/v3/departments/:department_id',
  findByDepartment: 'GET /open-apis/contact/v3/users/find_by_department',
  usersBatch: 'GET /open-apis/contact/v3/users/batch',
  scopes: 'GET /open-apis/contact/v3/scopes',
} as const;

const deptPage = pageSchema(departmentSchema);
const userPage = pageSchema(userSchema);

/** Every page of a department's children; with fetchChild, of all its descendants. */
export async function* departmentChildren(
  client: FeishuClient,
  departmentId: string,
  options: { fetchChild: boolean; pageSize?: number },
): AsyncGenerator<FeishuDepartment[]> {
  let pageToken: string | undefined;
  for (let i = 0; i < MAX_PAGES; i++) {
    const page = await client.call({
      method: 'GET',
      endpoint: ENDPOINTS.children,
      path: `/open-apis/contact/v3/departments/${encodeURIComponent(departmentId)}/children`,
      query: {
        ...ID_TYPES,
        fetch_child: options.fetchChild,
        page_size: options.pageSize ?? PAGE_SIZE,
        page_token: pageToken,
      },
      data: deptPage,
    });
    yield page.items;
    if (!page.has_more || !page.page_token) return;
    pageToken = page.page_token;
  }
}

/** Every page of a department's direct members ("0": the root's direct members). */
export async function* usersByDepartment(
  client: FeishuClient,
  departmentId: string,
  options: { pageSize?: number } = {},
): AsyncGenerator<FeishuUser[]> {
  let pageToken: string | undefined;
  for (let i = 0; i < MAX_PAGES; i++) {
    const page = await client.call({
      method: 'GET',
      endpoint: ENDPOINTS.findByDepartment,
      path: '/open-apis/contact/v3/users/find_by_department',
      query: {
        ...ID_TYPES,
        department_id: departmentId,
        page_size: options.pageSize ?? PAGE_SIZE,
        page_token: pageToken,
      },
      data: userPage,
    });
    yield page.items;
    if (!page.has_more || !page.page_token) return;
    pageToken = page.page_token;
  }
}

export async function getDepartment(
  client: FeishuClient,
  departmentId: string,
): Promise<FeishuDepartment> {
  const data = await client.call({
    method: 'GET',
    endpoint: ENDPOINTS.department,
    path: `/open-apis/contact/v3/departments/${encodeURIComponent(departmentId)}`,
    query: ID_TYPES,
    data: departmentDataSchema,
  });
  return data.department;
}

/** Users by open_id, 50 per call; unknown and out-of-range ids are simply not returned. */
export async function usersByIds(client: FeishuClient, openIds: string[]): Promise<FeishuUser[]> {
  const out: FeishuUser[] = [];
  for (let i = 0; i < openIds.length; i += PAGE_SIZE) {
    const data = await client.call({
      method: 'GET',
      endpoint: ENDPOINTS.usersBatch,
      path: '/open-apis/contact/v3/users/batch',
      query: { ...ID_TYPES, user_ids: openIds.slice(i, i + PAGE_SIZE) },
      data: userBatchSchema,
    });
    out.push(...data.items);
  }
  return out;
}

export interface ContactRangeIds {
  departmentIds: string[];
  userIds: string[];
  groupIds: string[];
}

/** The app's contact range as ids (all members: the root's first level and direct users). */
export async function contactRange(
  client: FeishuClient,
  options: { maxPages?: number } = {},
): Promise<ContactRangeIds & { complete: boolean }> {
  const out: ContactRangeIds = { departmentIds: [], userIds: [], groupIds: [] };
  let pageToken: string | undefined;
  const maxPages = options.maxPages ?? MAX_PAGES;
  for (let i = 0; i < maxPages; i++) {
    const page = await client.call({
      method: 'GET',
      endpoint: ENDPOINTS.scopes,
      path: '/open-apis/contact/v3/scopes',
      query: { ...ID_TYPES, page_size: 100, page_token: pageToken },
      data: contactScopesSchema,
    });
    out.departmentIds.push(...page.department_ids);
    out.userIds.push(...page.user_ids);
    out.groupIds.push(...page.group_ids);
    if (!page.has_more || !page.page_token) return { ...out, complete: true };
    pageToken = page.page_token;
  }
  return { ...out, complete: false };
}

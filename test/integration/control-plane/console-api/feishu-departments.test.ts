// The wizard's scope picker reads the live Feishu department tree with the source's stored
// credentials: one level per call, the platform's refusals translated (contact range, wrong
// secret), another tenant's source not found, and no secret in any answer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSandbox, type Sandbox } from '../../../../sandbox/server.ts';
import {
  API,
  loginPlatform,
  sourceBody,
  startTestApp,
  tenantWithAdmin,
  type Session,
  type TestApp,
} from '../../../fixtures/control-plane-app.ts';
import { engines, type TestDatabase } from '../../../fixtures/db.ts';

interface LivePage {
  items: { open_department_id: string; name: string; member_count: number | null }[];
  parent_id: string;
  page_token: string | null;
}

describe.each(engines)('live Feishu departments for the scope picker on $name', (engine) => {
  let database: TestDatabase;
  let sb: Sandbox;
  let t: TestApp;
  let admin: Session;
  let outsider: Session;
  let url: string;

  const sandboxApp = () => sb.world.apps.find((a) => a.brand === 'feishu')!;
  const departments = () =>
    [...sb.ctx.store.departments.values()].filter(
      (d) => d.tenantKey === sb.world.tenantKey && !d.deleted,
    );
  const childrenOf = (parentKey: string) =>
    departments()
      .filter((d) => d.parentKey === parentKey)
      .map((d) => d.openDepartmentId)
      .sort();

  beforeAll(async () => {
    database = await engine.open();
    sb = await buildSandbox({ org: 'tiny', rateLimits: false });
    const sandboxUrl = await sb.listen(0);
    t = await startTestApp(database, {
      config: {
        signIn: { feishu: { baseUrl: sandboxUrl }, lark: { baseUrl: `${sandboxUrl}/lark` } },
        sync: { pacing: false },
      },
    });
    const root = await loginPlatform(t.app);
    const tw = await tenantWithAdmin(t.app, root);
    admin = tw.session;
    const tenantId = tw.tenant.id;
    outsider = (await tenantWithAdmin(t.app, root)).session;
    const res = await admin.post(
      `${API}/tenants/${tenantId}/identity-sources`,
      sourceBody({ app_id: sandboxApp().app_id, app_secret: sandboxApp().app_secret }),
    );
    expect(res.statusCode, res.body).toBe(201);
    url = `${API}/tenants/${tenantId}/identity-sources/${res.json().id}/feishu/departments`;
  });
  afterAll(async () => {
    await t?.close();
    await sb?.close();
    await database?.close();
  });

  async function allChildren(parent: string): Promise<LivePage['items']> {
    const items: LivePage['items'] = [];
    let token: string | null = null;
    for (let i = 0; i < 100; i++) {
      const res = await admin.get(
        `${url}?parent_id=${parent}${token ? `&page_token=${encodeURIComponent(token)}` : ''}`,
      );
      expect(res.statusCode, res.body).toBe(200);
      const page = res.json() as LivePage;
      expect(page.parent_id).toBe(parent);
      items.push(...page.items);
      token = page.page_token;
      if (!token) return items;
    }
    throw new Error('paging did not end');
  }

  it('lists the root’s children, then one level below, as Feishu has them', async () => {
    const top = await allChildren('0');
    expect(top.map((d) => d.open_department_id).sort()).toEqual(childrenOf('0'));
    expect(top.every((d) => d.name.length > 0 && typeof d.member_count === 'number')).toBe(true);
    const withChildren = departments().find((d) => childrenOf(d.key).length > 0)!;
    const below = await allChildren(withChildren.openDepartmentId);
    expect(below.map((d) => d.open_department_id).sort()).toEqual(childrenOf(withChildren.key));
  });

  it('translates a department outside the app’s contact range (40004) with the fix', async () => {
    const a = sb.ctx.store.requireApp(sandboxApp().app_id);
    const saved = a.contactRange;
    const [inRange, outside] = departments().filter((d) => d.parentKey === '0');
    sb.ctx.store.setContactRange(a.appId, {
      kind: 'partial',
      departmentKeys: [inRange!.key],
      userKeys: [],
    });
    try {
      const res = await admin.get(`${url}?parent_id=${outside!.openDepartmentId}`, {
        'accept-language': 'zh-CN',
      });
      expect(res.statusCode).toBe(422);
      const error = res.json().error;
      expect(error.code).toBe('FEISHU_CONTACT_RANGE_DENIED');
      expect(error.message).toMatch(/[\u4e00-\u9fff]/);
      expect(error.fix).toBeTruthy();
      expect(error.messages.en).toBeTruthy();
    } finally {
      sb.ctx.store.setContactRange(a.appId, saved);
    }
  });

  it('follows a change of the stored secret: refused without echoing it, then fine again', async () => {
    const source = url.replace(/\/feishu\/departments$/, '');
    const wrongSecret = 'wrongsecret0123456789abcdef';
    expect((await admin.patch(source, { app_secret: wrongSecret })).statusCode).toBe(200);
    const res = await admin.get(`${url}?parent_id=0`);
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('FEISHU_CREDENTIALS_INVALID');
    expect(res.body).not.toContain(wrongSecret);
    expect(res.body).not.toContain(sandboxApp().app_secret);
    expect((await admin.patch(source, { app_secret: sandboxApp().app_secret })).statusCode).toBe(
      200,
    );
    expect((await admin.get(`${url}?parent_id=0`)).statusCode).toBe(200);
  });

  it('refuses bad parameters and another tenant’s source', async () => {
    const bad = await admin.get(`${url}?parent_id=${encodeURIComponent('../x')}`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('REQUEST_VALIDATION_FAILED');
    const extra = await admin.get(`${url}?parent_id=0&fetch_child=true`);
    expect(extra.statusCode).toBe(400);
    const other = await outsider.get(`${url}?parent_id=0`);
    expect(other.statusCode).toBe(404);
    expect(other.json().error.code).toBe('SOURCE_NOT_FOUND');
  });
});

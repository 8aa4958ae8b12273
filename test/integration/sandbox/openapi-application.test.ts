import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './openapi-harness.ts';

const V6 = '/open-apis/application/v6';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

describe('application v6', () => {
  it('shows the app itself ("me") with its scopes, never its secrets', async () => {
    const app = h.addApp(
      'cli_app_me',
      ['contact:contact.base:readonly', 'admin:app.info:readonly'],
      undefined,
      {
        userScopes: ['contact:contact.base:readonly', 'offline_access'],
      },
    );
    const t = await h.tokenFor(app);
    const r = await h.get(`${V6}/applications/me?lang=en_us`, t);
    expect(r.body.code).toBe(0);
    const info = r.body.data?.app as Record<string, unknown>;
    expect(info).toMatchObject({ app_id: 'cli_app_me', app_name: app.name, status: 1 });
    expect(info.scopes).toEqual(
      expect.arrayContaining([
        {
          scope: 'contact:contact.base:readonly',
          description: 'Obtain basic contact information',
          level: 1,
          token_types: ['tenant', 'user'],
        },
        expect.objectContaining({ scope: 'offline_access', token_types: ['user'] }),
      ]),
    );
    expect(JSON.stringify(r.body)).not.toContain(app.appSecret);
    expect(JSON.stringify(r.body)).not.toContain(app.verificationToken);
    expect((await h.get(`${V6}/applications/me`, t)).body.code).toBe(99992402);
  });

  it('needs admin:app.info:readonly or self_manage, and admin for other apps', async () => {
    const plain = h.addApp('cli_app_plain', ['contact:contact.base:readonly']);
    const t = await h.tokenFor(plain);
    const self = await h.get(`${V6}/applications/cli_app_plain?lang=zh_cn`, t);
    expect(self.body.code).toBe(99991672);
    const selfManage = h.addApp('cli_app_self', ['application:application:self_manage']);
    const ts = await h.tokenFor(selfManage);
    expect((await h.get(`${V6}/applications/me?lang=zh_cn`, ts)).body.code).toBe(0);
    expect((await h.get(`${V6}/applications/cli_app_plain?lang=zh_cn`, ts)).body.code).toBe(
      99991672,
    );
    const admin = h.addApp('cli_app_admin', ['admin:app.info:readonly']);
    const ta = await h.tokenFor(admin);
    const other = await h.get(`${V6}/applications/cli_app_plain?lang=zh_cn`, ta);
    expect(other.body.data?.app).toMatchObject({ app_id: 'cli_app_plain' });
    expect((await h.get(`${V6}/applications/cli_nothing?lang=zh_cn`, ta)).body.code).toBe(210501);
  });

  it('lists the grant status with scope names as the doc shows them', async () => {
    const app = h.addApp('cli_app_scopes', [
      'contact:user.phone:readonly',
      'admin:app.info:readonly',
    ]);
    const t = await h.tokenFor(app);
    const r = await h.get(`${V6}/scopes`, t);
    const rows = r.body.data?.scopes as { scope_name: string; grant_status: number }[];
    expect(rows).toEqual(
      expect.arrayContaining([
        { scope_name: 'user.phone:readonly', grant_status: 1, scope_type: 'tenant' },
        { scope_name: 'admin:app.info:readonly', grant_status: 1, scope_type: 'tenant' },
        { scope_name: 'user.email:readonly', grant_status: 2, scope_type: 'tenant' },
      ]),
    );
    // Only the leading "contact:" namespace goes: contact:contact:readonly -> contact:readonly.
    expect(rows.some((s) => /^contact:(user|department)\./.test(s.scope_name))).toBe(false);
    expect(rows).toContainEqual({
      scope_name: 'contact:readonly_as_app',
      grant_status: 2,
      scope_type: 'tenant',
    });
  });

  it('shows the contact range configuration', async () => {
    const all = h.addApp('cli_app_range_all', ['admin:app.info:readonly']);
    const ta = await h.tokenFor(all);
    const r = await h.get(`${V6}/applications/me/contacts_range_configuration`, ta);
    expect(r.body.data).toEqual({
      contacts_range: { contacts_scope_type: 'all' },
      has_more: false,
    });
    const some = h.addApp('cli_app_range_some', ['admin:app.info:readonly'], {
      kind: 'partial',
      departmentKeys: [h.org.depts.sales.key],
      userKeys: [h.org.users.ceo.key],
    });
    const tp = await h.tokenFor(some);
    const p = await h.get(`${V6}/applications/me/contacts_range_configuration?page_size=1`, tp);
    expect(p.body.data).toMatchObject({
      contacts_range: {
        contacts_scope_type: 'some',
        visible_list: {
          open_ids: [h.store.openIds.openIdFor(some.appId, h.org.users.ceo.key)],
          department_ids: [],
        },
      },
      has_more: true,
    });
  });
});

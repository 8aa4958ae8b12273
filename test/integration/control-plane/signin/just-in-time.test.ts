// A user the synced directory has not seen yet (a new hire between two syncs) signs in: the
// callback fetches them from Feishu by open_id with the app's tenant token and records them,
// within the source's scope only; another tenant's account is recognised as such even before
// the source's tenant_key is known.
import { describe, expect, it } from 'vitest';
import { API } from '../../../fixtures/control-plane-app.ts';
import { engines } from '../../../fixtures/db.ts';
import {
  browserSignIn,
  FormBrowser,
  loopbackParams,
  redeem,
  startTransaction,
} from '../../../fixtures/signin-client.ts';
import { useSignInHarness } from '../../../fixtures/signin-harness-suite.ts';

describe.each(engines)('just-in-time users ($name)', (engine) => {
  const h = useSignInHarness(engine);

  const signIn = async (account: { email: string; password: string }) => {
    const txn = await startTransaction(h.baseUrl, {
      enterpriseId: h.tenant.verification_id,
      sourceId: h.source.id,
    });
    const back = await browserSignIn(new FormBrowser(), txn.authorize_url, h.sandboxUrl, account);
    return { txn, params: loopbackParams(back.location) };
  };

  const hire = async (email: string, department?: string) => {
    const res = await fetch(`${h.sandboxUrl}/sandbox/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        name: '新同事',
        email,
        password: 'pw-new-hire',
        ...(department ? { departments: [department] } : {}),
      }),
    });
    expect(res.status).toBe(201);
    return { email, password: 'pw-new-hire' };
  };

  it('refuses another tenant’s account even before the tenant_key is known', async () => {
    const before = await h.database.db
      .selectFrom('identity_sources')
      .select('feishu_tenant_key')
      .where('id', '=', h.source.id)
      .executeTakeFirstOrThrow();
    expect(before.feishu_tenant_key).toBeNull();
    const { params } = await signIn(h.sample('other-tenant'));
    expect(params.error_code).toBe('SIGNIN_WRONG_TENANT');
  });

  it('fetches and records a new hire, then signs them in', async () => {
    const newHire = await hire('new.hire@acme.example', 'D00004');
    const { txn, params } = await signIn(newHire);
    expect(params.code).toBeDefined();
    const tokens = await redeem(h.baseUrl, {
      code: params.code!,
      verifier: txn.verifier,
      transactionId: txn.transaction_id,
    });
    expect(tokens.status).toBe(200);
    expect(tokens.json.profile.name).toBe('新同事');
    expect(tokens.json.profile.department_ids).toHaveLength(1);
    const row = await h.database.db
      .selectFrom('directory_users')
      .select(['id', 'status', 'open_id'])
      .where('source_id', '=', h.source.id)
      .where('email', '=', 'new.hire@acme.example')
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ id: tokens.json.profile.user_id, status: 'active' });
    const source = await h.database.db
      .selectFrom('identity_sources')
      .select('feishu_tenant_key')
      .where('id', '=', h.source.id)
      .executeTakeFirstOrThrow();
    expect(source.feishu_tenant_key).toBe(h.sandbox.world.tenantKey);
  });

  it('refuses a new hire outside the source’s synced departments', async () => {
    const dept = await h.database.db
      .selectFrom('directory_departments')
      .select(['open_department_id', 'department_id'])
      .where('source_id', '=', h.source.id)
      .where('department_id', '=', 'D00002')
      .executeTakeFirstOrThrow();
    const scoped = await h.platform.patch(
      `${API}/tenants/${h.tenant.id}/identity-sources/${h.source.id}`,
      { scope: { kind: 'departments', department_ids: [dept.open_department_id] } },
    );
    expect(scoped.statusCode).toBe(200);
    // What the next sync would do: departments outside the scope leave the directory.
    const setOthers = (status: 'active' | 'deleted') =>
      h.database.db
        .updateTable('directory_departments')
        .set({ status })
        .where('source_id', '=', h.source.id)
        .where('path', 'not like', `/${dept.open_department_id}/%`)
        .execute();
    await setOthers('deleted');
    try {
      const outsider = await hire('elsewhere.hire@acme.example', 'D00004');
      const { params } = await signIn(outsider);
      expect(params.error_code).toBe('SIGNIN_OUT_OF_SCOPE');
      const row = await h.database.db
        .selectFrom('directory_users')
        .select('id')
        .where('email', '=', 'elsewhere.hire@acme.example')
        .executeTakeFirst();
      expect(row).toBeUndefined();
    } finally {
      await setOthers('active');
      await h.platform.patch(`${API}/tenants/${h.tenant.id}/identity-sources/${h.source.id}`, {
        scope: { kind: 'all' },
      });
    }
  });

  it('refuses a new hire outside the app’s contact range (41050)', async () => {
    const ceo = h.sample('ceo');
    const range = (body: unknown) =>
      fetch(`${h.sandboxUrl}/sandbox/apps/${h.feishuApp.app_id}/contact-range`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    await range({ kind: 'partial', departments: [], users: [ceo.union_id] });
    try {
      const unseen = await hire('unseen.hire@acme.example');
      const { params } = await signIn(unseen);
      expect(params.error_code).toBe('SIGNIN_OUT_OF_SCOPE');
    } finally {
      await range({ kind: 'all' });
    }
  });
});

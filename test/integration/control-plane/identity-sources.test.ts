import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decryptSourceSecrets } from '../../../control-plane/identity-sources/source-secrets.ts';
import { engines, type TestDatabase } from '../../fixtures/db.ts';
import {
  API,
  loginPlatform,
  sourceBody,
  startTestApp,
  tenantWithAdmin,
  type Session,
  type TestApp,
} from '../../fixtures/control-plane-app.ts';

describe.each(engines)('identity sources on $name', (engine) => {
  let database: TestDatabase;
  let t: TestApp;
  let root: Session;
  let admin: Session;
  let tenantId: string;
  let base: string;

  beforeAll(async () => {
    database = await engine.open();
    t = await startTestApp(database);
    root = await loginPlatform(t.app);
    const tw = await tenantWithAdmin(t.app, root);
    admin = tw.session;
    tenantId = tw.tenant.id;
    base = `${API}/tenants/${tenantId}/identity-sources`;
  });
  afterAll(async () => {
    await t?.close();
    await database?.close();
  });

  it('creates a source with the vendor guide’s defaults and the URLs to copy into Feishu', async () => {
    const body = sourceBody({ name: '飞书-总部_1', description: '使用飞书登录' });
    const res = await admin.post(base, body);
    expect(res.statusCode).toBe(201);
    const s = res.json();
    expect(s).toMatchObject({
      tenant_id: tenantId,
      brand: 'feishu',
      name: '飞书-总部_1',
      description: '使用飞书登录',
      status: 'enabled',
      app_id: body.app_id,
      app_secret: { set: true },
      encrypt_key: { set: false },
      verification_token: { set: false },
      auto_sync: true,
      sync_user_info: true,
      schedule: { kind: 'cron', expression: '0 0 * * *' },
      scope: { kind: 'all' },
      deletion_thresholds: {
        users: { value: 30, unit: 'count' },
        departments: { value: 10, unit: 'count' },
      },
      qr_login: true,
      connectivity: { status: 'untested', checked_at: null },
      event_request_url: `https://gatehouse.example.com/api/v1/feishu/events/${s.id}`,
      redirect_url: 'https://gatehouse.example.com/api/v1/auth/feishu/callback',
    });
    expect(s.field_mapping.matching).toEqual({
      account_field: 'username',
      feishu_field: 'user_id',
    });
    // Next scheduled full sync: the coming midnight in Asia/Shanghai (16:00 UTC).
    const row = await database.db
      .selectFrom('identity_sources')
      .select('next_sync_at')
      .where('id', '=', s.id)
      .executeTakeFirstOrThrow();
    expect(row.next_sync_at?.toISOString()).toMatch(/T16:00:00\.000Z$/);
  });

  it('encrypts every secret at rest and never answers, logs or audits one', async () => {
    const body = sourceBody({
      encrypt_key: 'ENCRYPT-KEY-9f8e7d6c5b',
      verification_token: 'VERIFY-TOKEN-1a2b3c4d5e',
    });
    const created = await admin.post(base, body);
    expect(created.statusCode).toBe(201);
    const id = created.json().id;
    const secrets = [body.app_secret, body.encrypt_key, body.verification_token];

    const raw = await database.db
      .selectFrom('identity_sources')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    for (const column of [raw.app_secret_enc, raw.encrypt_key_enc, raw.verification_token_enc]) {
      expect(column).toMatch(/^v1\.[0-9a-f]{8}\.[A-Za-z0-9_-]+$/);
    }
    expect(JSON.stringify(raw)).not.toMatch(new RegExp(secrets.join('|')));
    expect(decryptSourceSecrets(t.secretBox, raw)).toEqual({
      appSecret: body.app_secret,
      encryptKey: body.encrypt_key,
      verificationToken: body.verification_token,
    });
    // The ciphertext is bound to its row: copied to another source it does not decrypt.
    expect(() => decryptSourceSecrets(t.secretBox, { ...raw, id: crypto.randomUUID() })).toThrow();

    const read = await admin.get(`${base}/${id}`);
    const list = await admin.get(base);
    const updated = await admin.patch(`${base}/${id}`, { app_secret: 'NEW-SECRET-abcdef123456' });
    secrets.push('NEW-SECRET-abcdef123456');
    const audit = await database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('target_id', '=', id)
      .execute();
    expect(audit.map((a) => a.action)).toEqual([
      'identity_source.create',
      'identity_source.update',
    ]);
    expect(audit[0]!.after).toMatchObject({
      app_secret: 'set',
      encrypt_key: 'set',
      verification_token: 'set',
    });
    for (const text of [read.body, list.body, updated.body, JSON.stringify(audit), t.logs.text()]) {
      for (const secret of secrets) expect(text).not.toContain(secret);
    }
  });

  it('resets the connectivity status when a credential changes, not for other settings', async () => {
    const created = (await admin.post(base, sourceBody())).json();
    const markPassed = () =>
      database.db
        .updateTable('identity_sources')
        .set({ connectivity_status: 'passed', connectivity_checked_at: new Date() })
        .where('id', '=', created.id)
        .execute();
    const status = async () =>
      (await admin.get(`${base}/${created.id}`)).json().connectivity.status;
    const version = async () =>
      (
        await database.db
          .selectFrom('identity_sources')
          .select('credentials_version')
          .where('id', '=', created.id)
          .executeTakeFirstOrThrow()
      ).credentials_version;

    await markPassed();
    await admin.patch(`${base}/${created.id}`, {
      description: 'new title',
      qr_login: false,
      encrypt_key: 'some-encrypt-key',
    });
    expect(await status()).toBe('passed');
    const v1 = await version();
    for (const change of [
      { app_secret: 'a-different-secret-123' },
      { app_id: 'cli_00112233aabbccdd' },
      { brand: 'lark' },
    ]) {
      await markPassed();
      expect((await admin.patch(`${base}/${created.id}`, change)).json().connectivity).toEqual({
        status: 'untested',
        checked_at: null,
      });
    }
    expect(await version()).toBe(v1 + 3);
  });

  it('keeps the same App Secret without resetting the test', async () => {
    const body = sourceBody();
    const created = (await admin.post(base, body)).json();
    await database.db
      .updateTable('identity_sources')
      .set({ connectivity_status: 'passed' })
      .where('id', '=', created.id)
      .execute();
    expect(
      (await admin.patch(`${base}/${created.id}`, { app_secret: body.app_secret })).json()
        .connectivity.status,
    ).toBe('passed');
  });

  it('clears optional secrets with null', async () => {
    const created = (
      await admin.post(
        base,
        sourceBody({ encrypt_key: 'k-123456', verification_token: 'v-123456' }),
      )
    ).json();
    const cleared = await admin.patch(`${base}/${created.id}`, { encrypt_key: null });
    expect(cleared.json()).toMatchObject({
      encrypt_key: { set: false },
      verification_token: { set: true },
    });
  });

  it('validates every setting with stable codes', async () => {
    const cases: [Record<string, unknown>, string, string?][] = [
      [{ name: 'a' }, 'REQUEST_VALIDATION_FAILED', 'name'],
      [{ name: 'has space' }, 'REQUEST_VALIDATION_FAILED', 'name'],
      [{ name: 'x'.repeat(101) }, 'REQUEST_VALIDATION_FAILED', 'name'],
      [{ app_id: 'app_123' }, 'REQUEST_VALIDATION_FAILED', 'app_id'],
      [{ brand: 'dingtalk' }, 'REQUEST_VALIDATION_FAILED', 'brand'],
      [{ app_secret: 'has space' }, 'REQUEST_VALIDATION_FAILED', 'app_secret'],
      [
        { schedule: { kind: 'interval', interval_hours: 25 } },
        'REQUEST_VALIDATION_FAILED',
        'schedule.interval_hours',
      ],
      [
        { schedule: { kind: 'interval', interval_hours: 0 } },
        'REQUEST_VALIDATION_FAILED',
        'schedule.interval_hours',
      ],
      [{ schedule: { kind: 'cron', expression: 'every day at noon' } }, 'SOURCE_SCHEDULE_INVALID'],
      [{ schedule: { kind: 'cron', expression: '*/30 * * * *' } }, 'SOURCE_SCHEDULE_INVALID'],
      [{ schedule: { kind: 'cron', expression: '0 0 0 * * *' } }, 'SOURCE_SCHEDULE_INVALID'],
      [
        { scope: { kind: 'departments', department_ids: [] } },
        'REQUEST_VALIDATION_FAILED',
        'scope.department_ids',
      ],
      [{ auto_sync: false, sync_user_info: true }, 'SOURCE_SYNC_USER_INFO_NEEDS_AUTO_SYNC'],
      [
        {
          deletion_thresholds: {
            users: { value: 101, unit: 'percent' },
            departments: { value: 10, unit: 'count' },
          },
        },
        'REQUEST_VALIDATION_FAILED',
        'deletion_thresholds.users',
      ],
      [
        {
          field_mapping: {
            attributes: [{ from: 'name', to: 'display_name' }],
            matching: { account_field: 'username', feishu_field: 'user_id' },
          },
        },
        'SOURCE_FIELD_MAPPING_INVALID',
      ],
      [
        {
          field_mapping: {
            attributes: [{ from: 'password', to: 'username' }],
            matching: { account_field: 'username', feishu_field: 'user_id' },
          },
        },
        'REQUEST_VALIDATION_FAILED',
        'field_mapping.attributes.0.from',
      ],
      [{ unknown_field: 1 }, 'REQUEST_VALIDATION_FAILED', ''],
    ];
    const before = await database.db.selectFrom('identity_sources').select('id').execute();
    for (const [override, code, path] of cases) {
      const res = await admin.post(base, sourceBody(override));
      expect(res.statusCode, JSON.stringify(override)).toBe(400);
      expect(res.json().error.code, JSON.stringify(override)).toBe(code);
      if (path !== undefined)
        expect(res.json().error.details.fields.map((f: { path: string }) => f.path)).toContain(
          path,
        );
    }
    expect(await database.db.selectFrom('identity_sources').select('id').execute()).toHaveLength(
      before.length,
    );
  });

  it('accepts every documented setting: lark brand, interval, department scope, custom mapping, percentages', async () => {
    const res = await admin.post(
      base,
      sourceBody({
        brand: 'lark',
        auto_sync: true,
        sync_user_info: false,
        schedule: { kind: 'interval', interval_hours: 6 },
        scope: { kind: 'departments', department_ids: ['od-aaaa', 'od-bbbb'] },
        field_mapping: {
          attributes: [
            { from: 'employee_no', to: 'username' },
            { from: 'name', to: 'display_name' },
            { from: 'custom_attrs.C-6965457429001748507', to: 'attributes.cost_center' },
          ],
          matching: { account_field: 'username', feishu_field: 'employee_no' },
        },
        deletion_thresholds: {
          users: { value: 5, unit: 'percent' },
          departments: { value: 3, unit: 'count' },
        },
        qr_login: false,
      }),
    );
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      brand: 'lark',
      schedule: { kind: 'interval', interval_hours: 6 },
      qr_login: false,
      sync_user_info: false,
    });
    const cron = await admin.patch(`${base}/${res.json().id}`, {
      schedule: { kind: 'cron', expression: '30 2 * * 1-5' },
    });
    expect(cron.json().schedule).toEqual({ kind: 'cron', expression: '30 2 * * 1-5' });
    const off = await admin.patch(`${base}/${res.json().id}`, { auto_sync: false });
    expect(off.json()).toMatchObject({ auto_sync: false, sync_user_info: false });
  });

  it('refuses a second source with the same name or App ID in the tenant', async () => {
    const body = sourceBody();
    expect((await admin.post(base, body)).statusCode).toBe(201);
    const sameName = await admin.post(base, sourceBody({ name: body.name }));
    expect(sameName.json().error.code).toBe('SOURCE_NAME_TAKEN');
    const sameApp = await admin.post(base, sourceBody({ app_id: body.app_id }));
    expect(sameApp.json().error.code).toBe('SOURCE_APP_ID_TAKEN');
  });

  it('closes only with confirmation, re-enables, and deletes only a closed source', async () => {
    const id = (await admin.post(base, sourceBody())).json().id;
    const del = await admin.delete(`${base}/${id}`);
    expect(del.statusCode).toBe(409);
    expect(del.json().error.code).toBe('SOURCE_DELETE_NOT_CLOSED');
    const unconfirmed = await admin.post(
      `${base}/${id}/close`,
      { confirm: false },
      { 'accept-language': 'zh-CN' },
    );
    expect(unconfirmed.statusCode).toBe(400);
    expect(unconfirmed.json().error).toMatchObject({
      code: 'SOURCE_CLOSE_NOT_CONFIRMED',
      message: '关闭该身份源后，其用户将无法登录，请明确确认。',
    });
    expect((await admin.post(`${base}/${id}/close`, {})).json().error.code).toBe(
      'REQUEST_VALIDATION_FAILED',
    );
    const closed = await admin.post(`${base}/${id}/close`, { confirm: true });
    expect(closed.json().status).toBe('closed');
    const row = await database.db
      .selectFrom('identity_sources')
      .select('next_sync_at')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.next_sync_at).toBeNull();
    expect((await admin.post(`${base}/${id}/enable`)).json().status).toBe('enabled');
    await admin.post(`${base}/${id}/close`, { confirm: true });
    expect((await admin.delete(`${base}/${id}`)).statusCode).toBe(204);
    expect((await admin.get(`${base}/${id}`)).json().error.code).toBe('SOURCE_NOT_FOUND');
    const actions = await database.db
      .selectFrom('audit_log')
      .select('action')
      .where('target_id', '=', id)
      .orderBy('id')
      .execute();
    expect(actions.map((a) => a.action)).toEqual([
      'identity_source.create',
      'identity_source.close',
      'identity_source.enable',
      'identity_source.close',
      'identity_source.delete',
    ]);
  });

  it('lists a tenant’s sources with paging and status filter', async () => {
    const list = await admin.get(`${base}?page_size=200`);
    expect(list.statusCode).toBe(200);
    expect(list.json().total).toBe(list.json().items.length);
    const enabled = await admin.get(`${base}?status=enabled&page_size=200`);
    expect(enabled.json().items.every((s: { status: string }) => s.status === 'enabled')).toBe(
      true,
    );
  });
});

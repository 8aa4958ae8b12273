import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runConnectivityTest } from '../../../../control-plane/feishu/connectivity-test.ts';
import { sandboxBaseUrls } from '../../../../control-plane/feishu/hosts.ts';
import { DEFAULT_FIELD_MAPPING } from '../../../../shared/domain/identity-source.ts';
import { buildSandbox, type Sandbox } from '../../../../sandbox/server.ts';

let sb: Sandbox;
let url: string;
beforeAll(async () => {
  sb = await buildSandbox({ org: 'tiny', rateLimits: false });
  url = await sb.listen(0);
});
afterAll(async () => sb?.close());

const app = () => sb.world.apps.find((a) => a.brand === 'feishu')!;
const input = (over: Partial<Parameters<typeof runConnectivityTest>[0]> = {}) => ({
  brand: 'feishu' as const,
  appId: app().app_id,
  appSecret: app().app_secret,
  scope: { kind: 'all' as const },
  fieldMapping: DEFAULT_FIELD_MAPPING,
  client: {
    baseUrls: sandboxBaseUrls(url),
    pacing: false as const,
    backoff: { baseMs: 5, capMs: 10 },
  },
  ...over,
});
const statusOf = (r: Awaited<ReturnType<typeof runConnectivityTest>>) =>
  Object.fromEntries(r.checks.map((c) => [c.id, c.status]));

/** Runs `fn` with the app's settings changed, then puts them back. */
async function withApp(
  patch: { scopes?: (s: string[]) => string[]; range?: 'partial' },
  fn: () => Promise<void>,
) {
  const a = sb.ctx.store.requireApp(app().app_id);
  const saved = { scopes: [...a.scopes], range: a.contactRange };
  try {
    if (patch.scopes) sb.ctx.store.updateApp(a.appId, { scopes: patch.scopes(a.scopes) });
    if (patch.range) {
      const dept = [...sb.ctx.store.departments.values()].find(
        (d) => d.tenantKey === a.tenantKey && d.parentKey === '0',
      )!;
      sb.ctx.store.setContactRange(a.appId, {
        kind: 'partial',
        departmentKeys: [dept.key],
        userKeys: [],
      });
    }
    await fn();
  } finally {
    sb.ctx.store.updateApp(a.appId, { scopes: saved.scopes });
    sb.ctx.store.setContactRange(a.appId, saved.range);
  }
}

describe('connectivity test against the sandbox', () => {
  it('passes for a correctly set up app, with its name, permissions and contact range', async () => {
    const r = await runConnectivityTest(input());
    expect(r.status).toBe('passed');
    expect(statusOf(r)).toEqual({
      credentials: 'passed',
      permissions: 'passed',
      optional_permissions: 'passed',
      app_info: 'passed',
      contact_range: 'passed',
      field_mapping: 'passed',
    });
    expect(r.contact_range.kind).toBe('all');
    expect(r.app?.name).toBe('Gatehouse 零信任');
    expect(r.host).toBe(url);
    expect(r.api_calls).toBeGreaterThanOrEqual(5);
  });

  it('names each missing permission in both languages with where to fix it', async () => {
    await withApp(
      {
        scopes: (s) =>
          s.filter(
            (x) => x !== 'contact:user.employee:readonly' && x !== 'contact:user.email:readonly',
          ),
      },
      async () => {
        const r = await runConnectivityTest(input());
        expect(r.status).toBe('failed');
        expect(statusOf(r)).toMatchObject({ permissions: 'failed', field_mapping: 'warning' });
        const missing = Object.fromEntries(r.missing_permissions.map((p) => [p.scope, p]));
        expect(missing['contact:user.employee:readonly']).toMatchObject({
          required: true,
          title: { en: 'Read user employment information', 'zh-CN': '获取用户受雇信息' },
        });
        expect(missing['contact:user.email:readonly']).toMatchObject({ required: false });
        expect(missing['contact:user.employee:readonly']!.fix.en).toMatch(/Permissions & Scopes/);
        expect(missing['contact:user.employee:readonly']!.fix['zh-CN']).toMatch(/权限管理/);
        const check = r.checks.find((c) => c.id === 'permissions')!;
        expect(check.detail?.en).toContain('contact:user.employee:readonly');
        expect(check.fix?.en).toMatch(/version/);
      },
    );
  });

  it('detects a brand mismatch: Feishu credentials entered as Lark', async () => {
    const r = await runConnectivityTest(input({ brand: 'lark' }));
    expect(r.status).toBe('failed');
    expect(r.checks).toEqual([
      expect.objectContaining({
        id: 'credentials',
        status: 'failed',
        code: 'FEISHU_BRAND_MISMATCH',
        detail: {
          en: 'These credentials belong to a Feishu app, but the source is set to Lark.',
          'zh-CN': '该凭证属于飞书应用，而身份源设置的是Lark。',
        },
      }),
    ]);
    expect(r.host).toBe(`${url}/lark`);
  });

  it('reports wrong credentials without a secret in the report', async () => {
    const r = await runConnectivityTest(input({ appSecret: 'not-the-secret-0123456789' }));
    expect(r.checks).toEqual([
      expect.objectContaining({
        id: 'credentials',
        status: 'failed',
        code: 'FEISHU_CREDENTIALS_INVALID',
      }),
    ]);
    expect(JSON.stringify(r)).not.toContain('not-the-secret');
  });

  it('fails the contact range when the source syncs all members but the app sees part of them', async () => {
    await withApp({ range: 'partial' }, async () => {
      const all = await runConnectivityTest(input());
      expect(all.contact_range.kind).toBe('partial');
      expect(statusOf(all).contact_range).toBe('failed');
      const visible = all.contact_range.departments;
      expect(visible).toBe(1);
      const dept = [...sb.ctx.store.departments.values()].find(
        (d) => d.tenantKey === sb.world.tenantKey && d.parentKey === '0',
      )!;
      const other = [...sb.ctx.store.departments.values()].find(
        (d) => d.tenantKey === sb.world.tenantKey && d.parentKey === '0' && d.key !== dept.key,
      )!;
      const inRange = await runConnectivityTest(
        input({ scope: { kind: 'departments', department_ids: [dept.openDepartmentId] } }),
      );
      expect(inRange.status).toBe('passed');
      const outOfRange = await runConnectivityTest(
        input({ scope: { kind: 'departments', department_ids: [other.openDepartmentId] } }),
      );
      const check = outOfRange.checks.find((c) => c.id === 'contact_range')!;
      expect(check).toMatchObject({ status: 'failed', code: 'FEISHU_CONTACT_RANGE_DENIED' });
      expect(check.detail?.en).toContain(other.openDepartmentId);
    });
  });

  it('says Feishu is unreachable when nothing answers', async () => {
    const r = await runConnectivityTest(
      input({
        client: {
          baseUrls: { feishu: 'http://127.0.0.1:9', lark: 'http://127.0.0.1:9' },
          pacing: false,
          maxAttempts: 2,
          backoff: { baseMs: 1, capMs: 2 },
        },
      }),
    );
    expect(r.checks).toEqual([
      expect.objectContaining({ id: 'credentials', status: 'failed', code: 'FEISHU_UNAVAILABLE' }),
    ]);
  });
});

// The Sessions and Audit pages as an admin uses them: live sessions listed and searched, one
// signed out (audited), then the audit log filtered to it and exported as CSV with the same
// filters. Screenshots and axe in both languages.
import { expect, test } from '@playwright/test';
import {
  clientSession,
  tenantWithDirectory,
  type DirectoryWorld,
} from './console/directory-world.ts';
import {
  checkPage,
  LANGUAGES,
  openConsole,
  signIn,
  startConsoleHarness,
  watchCspViolations,
  type ConsoleHarness,
} from './console/harness.ts';

let h: ConsoleHarness;
let world: DirectoryWorld;
let tenantId: string;

test.beforeAll(async () => {
  h = await startConsoleHarness({ org: 'tiny' });
  world = await tenantWithDirectory(
    h,
    'Sessions Co',
    [{ id: 'od-eng', name: 'Engineering', parent: '0' }],
    [
      { openId: 'ou_ann', name: 'Ann Chen', email: 'ann@corp.example', departments: ['od-eng'] },
      { openId: 'ou_ben', name: 'Ben Xu', email: 'ben@corp.example', departments: ['od-eng'] },
    ],
  );
  tenantId = world.tenantId;
});
test.afterAll(async () => {
  await h?.close();
});

const session = (openId: string, device: string) =>
  clientSession(h, world, openId, { name: device, os: 'Windows 11', ip: '10.0.0.9' });

for (const language of LANGUAGES) {
  test(`sessions: search, sign one out; audit: filter and export (${language})`, async ({
    page,
  }, testInfo) => {
    const en = language === 'en';
    const annId = await session('ou_ann', `Ann desk ${language}`);
    await session('ou_ben', `Ben laptop ${language}`);
    const refused = watchCspViolations(page);
    await openConsole(page, h, language, `t/${tenantId}/sessions`);
    await signIn(page, h.admin.email, h.admin.password);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(en ? 'Sessions' : '会话');
    const rows = page.locator('.ant-table-tbody tr.ant-table-row');
    await expect(rows.filter({ hasText: `Ann desk ${language}` })).toHaveCount(1);
    await checkPage(page, testInfo, language, 'sessions');

    await page
      .getByRole('searchbox', {
        name: en ? 'User name, email or device' : '用户姓名、邮箱或设备名',
      })
      .fill('ann');
    await expect(rows.filter({ hasText: 'Ben laptop' })).toHaveCount(0);
    const ann = rows.filter({ hasText: `Ann desk ${language}` });
    await ann.getByRole('button', { name: en ? 'Sign out' : '下线', exact: true }).click();
    await page.locator('.ant-popconfirm .ant-btn-primary').click();
    await expect(ann).toHaveCount(0);
    const row = await h.database.db
      .selectFrom('client_sessions')
      .select('revoked_at')
      .where('id', '=', annId)
      .executeTakeFirstOrThrow();
    expect(row.revoked_at).not.toBeNull();

    await openConsole(page, h, language, `t/${tenantId}/audit`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(en ? 'Audit log' : '审计日志');
    await page.getByRole('textbox', { name: en ? 'Target ID' : '对象 ID' }).fill(annId);
    await page.locator('form button[type="submit"]').click();
    const entries = page.locator('.ant-table-tbody tr.ant-table-row');
    await expect(entries).toHaveCount(1);
    await expect(entries.first()).toContainText(annId);
    await checkPage(page, testInfo, language, 'audit');

    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: en ? 'Export CSV' : '导出 CSV' }).click();
    const file = await download;
    const text = await (await file.createReadStream()).toArray();
    const csv = Buffer.concat(text as Buffer[]).toString('utf8');
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toContain('"action"');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(annId);
    expect(refused).toEqual([]);
  });
}

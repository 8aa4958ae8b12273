// The Policies page as an admin uses it: the evaluation order changed with the keyboard and by
// dragging (each change saved as priorities and audited), and the what-if tester showing the
// decision, the deciding policy and every step for one person and one application.
// Screenshots and axe in both languages.
import { expect, test } from '@playwright/test';
import { API, login, sourceBody, type Session } from '../fixtures/control-plane-app.ts';
import { seedDirectory } from '../fixtures/directory-rows.ts';
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
let admin: Session;
let tenantId: string;
let wikiId: string;

test.beforeAll(async () => {
  h = await startConsoleHarness({ org: 'tiny' });
  admin = await login(h.app, h.admin.email, h.admin.password);
  tenantId = (await admin.post(`${API}/tenants`, { name: 'Policies Co' })).json().id;
  const sourceId = (
    await admin.post(`${API}/tenants/${tenantId}/identity-sources`, sourceBody())
  ).json().id;
  await seedDirectory(
    h.database.db,
    sourceId,
    [
      { id: 'od-eng', name: 'Engineering', parent: '0' },
      { id: 'od-be', name: 'Backend', parent: 'od-eng' },
    ],
    [{ openId: 'ou_dana', name: 'Dana Zhao', email: 'dana@corp.example', departments: ['od-be'] }],
  );
  wikiId = (
    await admin.post(`${API}/tenants/${tenantId}/applications`, {
      name: 'Wiki',
      description: 'Team wiki',
      addresses: [{ host: 'wiki.corp.example', ports: '443', protocol: 'tcp' }],
      portal_url: 'https://wiki.corp.example/',
      tags: [],
    })
  ).json().application.id;
});
test.afterAll(async () => {
  await h?.close();
});

async function resetPolicies(withDeny = true) {
  const list = (await admin.get(`${API}/tenants/${tenantId}/policies`)).json();
  for (const p of list.items) await admin.delete(`${API}/tenants/${tenantId}/policies/${p.id}`);
  const rows = [
    ['Engineering may use the wiki', 'allow', 10, 'od-eng'],
    ['Backend may not', 'deny', 20, 'od-be'],
  ] as const;
  for (const [name, action, priority, department] of withDeny ? rows : rows.slice(0, 1)) {
    const res = await admin.post(`${API}/tenants/${tenantId}/policies`, {
      name,
      priority,
      action,
      subjects: { departments: [{ id: department, include_sub_departments: true }] },
      resources: { applications: [wikiId] },
    });
    expect(res.statusCode, res.body).toBe(201);
  }
}

const order = async () =>
  (await admin.get(`${API}/tenants/${tenantId}/policies`))
    .json()
    .items.map((p: { name: string }) => p.name);

for (const language of LANGUAGES) {
  test(`policies: reorder by keyboard and drag, what-if (${language})`, async ({
    page,
  }, testInfo) => {
    const en = language === 'en';
    await resetPolicies(false);
    const refused = watchCspViolations(page);
    await openConsole(page, h, language, `t/${tenantId}/policies`);
    await signIn(page, h.admin.email, h.admin.password);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(
      en ? 'Access policies' : '访问策略',
    );
    const rows = page.locator('.ant-table-tbody tr.ant-table-row');
    await expect(rows.first()).toContainText('Engineering may use the wiki');

    // Add the deny with the editor: a department found by name, with its sub-departments.
    await page.getByRole('button', { name: en ? 'New policy' : '新建策略' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(en ? 'Name' : '名称', { exact: true }).fill('Backend may not');
    await dialog.getByLabel(en ? 'Deny' : '拒绝').check();
    await dialog.getByLabel(en ? 'Departments' : '部门', { exact: true }).fill('Back');
    await page
      .locator('.ant-select-item-option')
      .filter({ hasText: 'Engineering / Backend' })
      .click();
    await dialog.getByLabel(en ? 'Applications' : '应用', { exact: true }).fill('Wiki');
    await page.keyboard.press('Enter');
    await expect(
      dialog.locator('.ant-select-selection-item').filter({ hasText: 'Wiki' }),
    ).toHaveCount(1);
    await checkPage(page, testInfo, language, 'policies-editor');
    await dialog.locator('.ant-modal-footer .ant-btn-primary').click();
    await expect(dialog).toBeHidden();
    await expect(rows.nth(1)).toContainText('Backend may not');
    const created = (await admin.get(`${API}/tenants/${tenantId}/policies`))
      .json()
      .items.find((p: { name: string }) => p.name === 'Backend may not');
    expect(created).toMatchObject({
      action: 'deny',
      priority: 20,
      subjects: { departments: [{ id: 'od-be', include_sub_departments: true }] },
      resources: { applications: [wikiId] },
    });
    await checkPage(page, testInfo, language, 'policies');

    // What-if: the allow comes first, so Dana (Backend, inside Engineering) may open the wiki.
    const whatIf = page.getByTestId('what-if');
    const user = whatIf.getByRole('combobox', {
      name: en ? 'User (type a name or email)' : '用户（输入姓名或邮箱）',
    });
    await user.fill('dana');
    await page.locator('.ant-select-item-option').filter({ hasText: 'Dana Zhao' }).click();
    await whatIf.getByRole('combobox', { name: en ? 'Application' : '应用' }).click();
    await page.locator('.ant-select-item-option').filter({ hasText: 'Wiki' }).click();
    await whatIf.locator('button[type="submit"]').click();
    const result = page.getByTestId('what-if-result');
    await expect(result).toContainText(en ? 'Allowed' : '允许');
    await expect(result).toContainText('Engineering may use the wiki');
    await checkPage(page, testInfo, language, 'policies-what-if');

    // Keyboard: move the deny above the allow.
    const up = page.getByRole('button', {
      name: en ? 'Move “Backend may not” up' : '上移“Backend may not”',
    });
    await up.focus();
    await page.keyboard.press('Enter');
    await expect(rows.first()).toContainText('Backend may not');
    expect(await order()).toEqual(['Backend may not', 'Engineering may use the wiki']);
    await whatIf.locator('button[type="submit"]').click();
    await expect(result).toContainText(en ? 'Denied' : '拒绝');
    await expect(result).toContainText('Backend may not');

    // Drag: the allow back to the top.
    await page
      .getByTestId('policy-row-Engineering may use the wiki')
      .dragTo(page.getByTestId('policy-row-Backend may not'));
    await expect(rows.first()).toContainText('Engineering may use the wiki');
    expect(await order()).toEqual(['Engineering may use the wiki', 'Backend may not']);
    expect(refused).toEqual([]);
  });
}

for (const language of LANGUAGES) {
  test(`applications: create with address checks, refused delete (${language})`, async ({
    page,
  }, testInfo) => {
    const en = language === 'en';
    await resetPolicies();
    const name = `CRM ${language}`;
    await openConsole(page, h, language, `t/${tenantId}/applications`);
    await signIn(page, h.admin.email, h.admin.password);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(en ? 'Applications' : '应用');
    await checkPage(page, testInfo, language, 'applications');

    await page.getByRole('button', { name: en ? 'New application' : '新建应用' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(en ? 'Name' : '名称', { exact: true }).fill(name);
    await dialog
      .getByLabel(en ? 'Host, wildcard or CIDR' : '主机名、通配符或 CIDR')
      .fill('crm.corp.example');
    await dialog.getByLabel(en ? 'Ports' : '端口').fill('99999');
    await dialog.locator('.ant-btn-primary').click();
    await expect(dialog).toContainText(
      en ? 'Ports are *, a port (443)' : '端口可以是 *、单个端口（443）',
    );
    await checkPage(page, testInfo, language, 'applications-form');
    await dialog.getByLabel(en ? 'Ports' : '端口').fill('443,8443');
    await dialog.locator('.ant-btn-primary').click();
    await expect(dialog).toBeHidden();
    const row = page.locator('.ant-table-tbody tr.ant-table-row').filter({ hasText: name });
    await expect(row).toContainText('crm.corp.example:443,8443/tcp');

    // The wiki is named by the policies: deleting it is refused with the server's code.
    const wiki = page.locator('.ant-table-tbody tr.ant-table-row').filter({ hasText: 'Wiki' });
    // Each confirmation is found by the application it names: antd keeps a closed one in the
    // page, and which of two comes last in the DOM is not guaranteed.
    const confirmDelete = (app: string) =>
      page.locator('.ant-popconfirm').filter({ hasText: app }).locator('.ant-btn-primary').click();
    await wiki.getByRole('button', { name: en ? 'Delete' : '删除' }).click();
    await confirmDelete('Wiki');
    await expect(page.getByText(/POLICY_APPLICATION_IN_USE/)).toBeVisible();
    await row.getByRole('button', { name: en ? 'Delete' : '删除' }).click();
    await confirmDelete(name);
    await expect(row).toHaveCount(0);
  });
}

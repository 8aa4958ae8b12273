// An admin connects Feishu through the console, as the vendor guides walk it: create a tenant,
// copy its enterprise authentication identifier, the identity source wizard with a connectivity
// test that fails (a wrong App Secret, then a permission the app lacks) and is fixed, the sync
// settings (scope picker, field mapping, thresholds, cron preview), the first sync, a sync held
// by deletion protection after a wave of resignations in Feishu, approved. Every page is
// photographed and axe-checked in both languages.
import { expect, test, type Page, type TestInfo } from '@playwright/test';
import {
  checkPage,
  openConsole,
  signIn,
  startConsoleHarness,
  switchLanguage,
  watchCspViolations,
  type ConsoleHarness,
} from './console/harness.ts';

let h: ConsoleHarness;
test.beforeAll(async () => {
  h = await startConsoleHarness({ org: 'small' });
});
test.afterAll(async () => {
  await h?.close();
});

/** The page in English, then in Chinese (switched with the header's switcher), then back. */
async function bothLanguages(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await checkPage(page, testInfo, 'en', name);
  await switchLanguage(page, 'zh-CN');
  await checkPage(page, testInfo, 'zh-CN', name);
  await switchLanguage(page, 'en');
}

/** What the page copied (the test grants clipboard access; Node's types have no clipboard). */
const clipboard = (page: Page) =>
  page.evaluate(() =>
    (
      globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }
    ).navigator.clipboard.readText(),
  );

test('tenant, identity source wizard, first sync, a held sync approved', async ({
  page,
  context,
}, testInfo) => {
  test.setTimeout(420_000);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: h.baseUrl });
  const refused = watchCspViolations(page);
  await openConsole(page, h, 'en');
  await signIn(page, h.admin.email, h.admin.password);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Tenants');

  // --- A tenant, its identifier ------------------------------------------------------------
  await page.getByRole('button', { name: 'Create tenant' }).click();
  await page.getByTestId('tenant-name').fill('Acme 科技');
  await page.getByRole('button', { name: 'Create', exact: true }).click();
  await expect(page).toHaveURL(/\/console\/t\/[0-9a-f-]+\/settings/);
  const tenantId = /\/t\/([0-9a-f-]+)\//.exec(page.url())![1]!;
  const idText = page.getByTestId('verification-id');
  await expect(idText).toHaveText(/\S{8,}/);
  const firstId = (await idText.textContent())!;
  await page.getByTestId('copy-verification-id').click();
  expect(await clipboard(page)).toBe(firstId);
  await page.getByRole('button', { name: 'Regenerate' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Regenerate' }).click();
  await expect(idText).not.toHaveText(firstId);
  await bothLanguages(page, testInfo, 'tenant-settings');
  await page
    .getByRole('link', { name: 'Tenants' })
    .or(page.getByRole('menuitem', { name: 'Tenants' }))
    .click();
  await expect(page.getByRole('cell', { name: 'Acme 科技' })).toBeVisible();
  await bothLanguages(page, testInfo, 'tenants');

  // --- Wizard: platform and basic configuration --------------------------------------------
  await page.goto(`${h.baseUrl}/console/t/${tenantId}/sources`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Identity sources');
  await page.getByTestId('add-source').click();
  await expect(page.getByTestId('brand-choice')).toBeVisible();
  await bothLanguages(page, testInfo, 'wizard-platform');
  await page.getByTestId('wizard-next').click();

  await page.getByTestId('source-app-id').fill('not-an-app-id');
  await page.getByTestId('source-name').fill('x');
  await page.getByTestId('basic-submit').click();
  await expect(page.getByText('An App ID starts with cli_')).toBeVisible();
  await expect(page.getByText('Use 2-100 characters')).toBeVisible();
  await bothLanguages(page, testInfo, 'wizard-basic');
  await page.getByTestId('source-name').fill('飞书-acme');
  await page.getByTestId('source-description').fill('使用飞书登录 Acme');
  await page.getByTestId('source-app-id').fill(h.feishuApp.app_id);
  await page.getByTestId('source-app-secret').fill('a-wrong-secret-0123456789abcdef');
  await page.getByText('Event subscription (advanced)').click();
  await page.getByTestId('source-encrypt-key').fill(h.feishuApp.encrypt_key!);
  await page.getByTestId('source-verification-token').fill(h.feishuApp.verification_token!);
  await page.getByTestId('basic-submit').click();

  // --- Connectivity: a wrong secret --------------------------------------------------------
  await page.getByTestId('run-connectivity-test').click();
  const result = page.getByTestId('connectivity-result');
  await expect(result).toContainText('Connectivity test failed');
  await expect(page.getByTestId('wizard-next')).toBeDisabled();
  await bothLanguages(page, testInfo, 'wizard-connectivity-failed');

  // Back to the configuration: the URLs to paste into Feishu are there now.
  await page.getByRole('button', { name: 'Change the configuration' }).click();
  await expect(page.getByTestId('copy-redirect-url-value')).toHaveText(
    `${h.baseUrl}/api/v1/auth/feishu/callback`,
  );
  await expect(page.getByTestId('copy-request-url-value')).toContainText(
    `${h.baseUrl}/api/v1/feishu/events/`,
  );
  await page.getByTestId('copy-redirect-url').click();
  expect(await clipboard(page)).toBe(`${h.baseUrl}/api/v1/auth/feishu/callback`);
  await page.getByTestId('copy-scopes-json').click();
  const scopes = JSON.parse(await clipboard(page)) as {
    scopes: { tenant: string[]; user: string[] };
  };
  expect(scopes.scopes.tenant).toContain('contact:user.employee:readonly');
  expect(scopes.scopes.user).toContain('contact:user.base:readonly');
  await expect(page.getByText('Currently: Set').first()).toBeVisible();
  await bothLanguages(page, testInfo, 'wizard-basic-saved');

  // --- Connectivity: the right secret, but a permission missing ----------------------------
  const granted = h.sandbox.ctx.store.requireApp(h.feishuApp.app_id).scopes;
  await h.sandboxAdmin('PUT', `/apps/${h.feishuApp.app_id}/scopes`, {
    scopes: granted.filter((s) => s !== 'contact:user.employee:readonly'),
  });
  await page.getByTestId('source-app-secret').fill(h.feishuApp.app_secret);
  await page.getByTestId('basic-submit').click();
  await page.getByTestId('run-connectivity-test').click();
  await expect(result).toContainText('Connectivity test failed');
  const missing = page.getByTestId('missing-permissions');
  await expect(missing).toContainText('contact:user.employee:readonly');
  await expect(missing).toContainText('How to fix it');
  await bothLanguages(page, testInfo, 'wizard-missing-permission');

  // Granted in Feishu: the test passes.
  await h.sandboxAdmin('PUT', `/apps/${h.feishuApp.app_id}/scopes`, { scopes: granted });
  await page.getByTestId('run-connectivity-test').click();
  await expect(result).toContainText('Connectivity test passed');
  await bothLanguages(page, testInfo, 'wizard-connectivity-passed');
  await page.getByTestId('wizard-next').click();

  // --- Synchronization settings ------------------------------------------------------------
  await expect(page.getByTestId('sync-settings')).toBeVisible();
  await page.getByRole('radio', { name: 'Synchronize part of it' }).check();
  const picker = page.getByTestId('department-picker');
  await expect(picker).toContainText('Departments read live from Feishu');
  await expect(picker.locator('.ant-tree-title').first()).toBeVisible();
  await bothLanguages(page, testInfo, 'wizard-sync-partial');
  await page.getByRole('radio', { name: 'Synchronize all' }).check();
  await page.getByTestId('threshold-users').fill('5');
  await page.getByRole('radio', { name: 'Cron expression' }).check();
  await page.getByTestId('cron-expression').fill('*/5 * * * *');
  await expect(page.getByTestId('schedule-problem')).toContainText('more than once an hour');
  await page.getByTestId('cron-expression').fill('0 2 * * *');
  await expect(page.getByTestId('schedule-preview').locator('li')).toHaveCount(5);
  await bothLanguages(page, testInfo, 'wizard-sync');
  await page.getByTestId('sync-submit').click();

  // --- Confirm and the first sync ----------------------------------------------------------
  const summary = page.getByTestId('confirm-summary');
  await expect(summary).toContainText('Accounts: 5');
  await expect(summary).toContainText('cron 0 2 * * *');
  await bothLanguages(page, testInfo, 'wizard-confirm');
  await page.getByTestId('wizard-confirm').click();
  await expect(page).toHaveURL(/\/sources\/[0-9a-f-]+\/sync$/);
  const history = page.getByTestId('run-history');
  await expect(history.getByTestId('run-status').first()).toHaveText('Succeeded', {
    timeout: 60_000,
  });
  await expect(history).toContainText('First');
  await expect(history).toContainText(/Accounts: \d+ created/);
  await expect(page.getByTestId('next-run')).not.toHaveText('—');
  await bothLanguages(page, testInfo, 'sync');

  // --- Resignations in Feishu: the next sync is held, then approved ------------------------
  const leaving = [...h.sandbox.ctx.store.users.values()]
    .filter(
      (u) =>
        u.tenantKey === h.sandbox.world.tenantKey &&
        !u.status.is_resigned &&
        !u.status.is_frozen &&
        !h.sandbox.world.sampleUsers.some((s) => s.user_id === u.userId),
    )
    .slice(0, 8);
  for (const u of leaving) await h.sandboxAdmin('POST', `/users/${u.userId}/resign`);
  await page.getByTestId('sync-now').click();
  const held = page.getByTestId('blocked-run');
  await expect(held).toBeVisible({ timeout: 60_000 });
  await expect(held).toContainText('SYNC_HELD_USER_THRESHOLD');
  await expect(held.getByTestId('pending-changes')).toContainText(leaving[0]!.name);
  await bothLanguages(page, testInfo, 'sync-held');
  await held.getByTestId('approve-run').click();
  await page.getByRole('dialog').getByRole('button', { name: 'Approve and apply' }).click();
  await expect(held).toBeHidden({ timeout: 30_000 });
  await expect(history.getByTestId('run-status').first()).toHaveText('Succeeded', {
    timeout: 60_000,
  });

  // --- The source list, editing, closing with the warning ----------------------------------
  await page.goto(`${h.baseUrl}/console/t/${tenantId}/sources`);
  const row = page.getByRole('row', { name: /飞书-acme/ });
  await expect(row).toContainText('Enabled');
  await expect(row).toContainText('Passed');
  await expect(row.getByTestId('run-status')).toHaveText('Succeeded');
  await bothLanguages(page, testInfo, 'sources');
  await row.getByRole('button', { name: 'Edit' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('飞书-acme');
  await bothLanguages(page, testInfo, 'source-edit');
  await page.getByRole('tab', { name: 'Synchronization settings' }).click();
  await expect(page.getByTestId('cron-expression')).toHaveValue('0 2 * * *');
  await bothLanguages(page, testInfo, 'source-edit-sync');
  await page.getByRole('tab', { name: 'Status' }).click();
  await expect(page.getByTestId('close-source')).toBeVisible();
  await bothLanguages(page, testInfo, 'source-edit-status');
  await page.getByTestId('close-source').click();
  await expect(page.getByRole('dialog')).toContainText('loses access'.slice(0, 4));
  await page.getByTestId('confirm-close').click();
  await expect(page.getByTestId('enable-source')).toBeVisible();
  await page.getByTestId('enable-source').click();
  await expect(page.getByTestId('close-source')).toBeVisible();

  // --- A tenant administrator: sees only their tenant ---------------------------------------
  await page.goto(`${h.baseUrl}/console/t/${tenantId}/settings`);
  await page.getByRole('button', { name: 'Add tenant administrator' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Email').fill('it@acme.example');
  await dialog.getByLabel('Name').fill('Acme IT');
  await dialog.getByLabel('Initial password').fill('acme-it-initial-2026');
  await dialog.getByRole('button', { name: 'Create' }).click();
  await expect(page.getByRole('cell', { name: 'it@acme.example' })).toBeVisible();
  await page.getByRole('button', { name: /Account menu/ }).click();
  await page.getByText('Sign out').click();
  await signIn(page, 'it@acme.example', 'acme-it-initial-2026');
  await expect(page).toHaveURL(new RegExp(`/console/t/${tenantId}/sources$`));
  await expect(page.getByRole('row', { name: /飞书-acme/ })).toBeVisible();
  await expect(page.getByRole('menuitem', { name: 'Tenants' })).toHaveCount(0);
  await expect(page.locator('.gh-header')).toContainText('Acme 科技');
  expect(refused).toEqual([]);
});

// The console's frame as an admin meets it: `/` leads to the sign-in page, a wrong password is
// refused with its code, sign-in lands on the tenants page, the language switcher changes the
// whole console, the password page, sign-out. Screenshots and axe in both languages.
import { expect, test } from '@playwright/test';
import {
  checkPage,
  LANGUAGES,
  openConsole,
  signIn,
  startConsoleHarness,
  switchLanguage,
  watchCspViolations,
  type ConsoleHarness,
} from './console/harness.ts';

let h: ConsoleHarness;
test.beforeAll(async () => {
  h = await startConsoleHarness({ org: 'tiny' });
});
test.afterAll(async () => {
  await h?.close();
});

for (const language of LANGUAGES) {
  test(`sign-in, shell and password page (${language})`, async ({ page }, testInfo) => {
    const refused = watchCspViolations(page);
    await openConsole(page, h, language);
    await expect(page).toHaveURL(/\/console\/sign-in/);
    await expect(page.locator('html')).toHaveAttribute('lang', language);
    await checkPage(page, testInfo, language, 'sign-in');

    await page.locator('input[autocomplete="username"]').fill(h.admin.email);
    await page.locator('input[autocomplete="current-password"]').fill('not the password');
    await page.locator('button[type="submit"]').click();
    const error = page.getByTestId('sign-in-error');
    await expect(error).toContainText('AUTH_INVALID_CREDENTIALS');
    await expect(error).toContainText(language === 'en' ? 'incorrect' : '错误');
    await checkPage(page, testInfo, language, 'sign-in-error');

    await signIn(page, h.admin.email, h.admin.password);
    await expect(page).toHaveURL(/\/console\/tenants/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(
      language === 'en' ? 'Tenants' : '租户',
    );

    const other = language === 'en' ? 'zh-CN' : 'en';
    await switchLanguage(page, other);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(
      other === 'en' ? 'Tenants' : '租户',
    );
    await switchLanguage(page, language);

    await page
      .getByRole('button', { name: language === 'en' ? 'Account menu' : '账号菜单' })
      .click();
    await page.getByText(language === 'en' ? 'Change password' : '修改密码').click();
    await expect(page).toHaveURL(/\/console\/password/);
    await checkPage(page, testInfo, language, 'password');

    await page
      .getByRole('button', { name: language === 'en' ? 'Account menu' : '账号菜单' })
      .click();
    await page.getByText(language === 'en' ? 'Sign out' : '退出登录').click();
    await expect(page).toHaveURL(/\/console\/sign-in/);
    expect(refused).toEqual([]);
  });
}

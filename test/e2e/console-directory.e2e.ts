// The Directory page as an admin uses it: the department tree opened a level, users filtered by
// department and found by search, a user's details (departments, mapped fields, sessions,
// entitlements), and a session signed out from there. The directory rows and the client
// session are written the way a sync and a sign-in leave them. Screenshots and axe in both
// languages.
import { expect, test } from '@playwright/test';
import { API } from '../fixtures/control-plane-app.ts';
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
let sourceId: string;

test.beforeAll(async () => {
  h = await startConsoleHarness({ org: 'tiny' });
  world = await tenantWithDirectory(
    h,
    'Directory Co',
    [
      { id: 'od-eng', name: 'Engineering', parent: '0' },
      { id: 'od-be', name: 'Backend', parent: 'od-eng' },
      { id: 'od-ops', name: 'Operations', parent: '0' },
    ],
    [
      {
        openId: 'ou_alice',
        name: 'Alice Wang',
        email: 'alice@corp.example',
        userId: 'u1',
        departments: ['od-eng'],
      },
      {
        openId: 'ou_bob',
        name: 'Bob Li',
        email: 'bob@corp.example',
        userId: 'u2',
        departments: ['od-be', 'od-ops'],
      },
      {
        openId: 'ou_zhou',
        name: '周杰',
        email: 'zhou@corp.example',
        userId: 'u3',
        departments: ['od-ops'],
      },
      {
        openId: 'ou_erin',
        name: 'Erin Disabled',
        email: 'erin@corp.example',
        userId: 'u4',
        departments: ['od-ops'],
        status: 'disabled',
      },
    ],
  );
  ({ tenantId, sourceId } = world);
  await world.admin.post(`${API}/tenants/${tenantId}/applications`, {
    name: 'Wiki',
    description: 'Team wiki',
    addresses: [{ host: 'wiki.corp.example', ports: '443', protocol: 'tcp' }],
    portal_url: 'https://wiki.corp.example/',
    tags: [],
  });
});
test.afterAll(async () => {
  await h?.close();
});

/** A live client session of Bob, as a sign-in leaves it. */
const bobSession = () =>
  clientSession(h, world, 'ou_bob', { name: 'Bob laptop', os: 'macOS 15', ip: '10.0.0.8' });

for (const language of LANGUAGES) {
  test(`directory: tree, search, user detail, sign a session out (${language})`, async ({
    page,
  }, testInfo) => {
    const en = language === 'en';
    const sessionId = await bobSession();
    const refused = watchCspViolations(page);
    await openConsole(page, h, language, `t/${tenantId}/directory`);
    await signIn(page, h.admin.email, h.admin.password);
    await expect(page).toHaveURL(new RegExp(`/directory/${sourceId}$`));
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(en ? 'Directory' : '通讯录');
    const rows = page.locator('.ant-table-tbody tr.ant-table-row');
    await expect(rows).toHaveCount(4);
    await expect(page.getByTestId('user-total')).toHaveText(en ? '4 users' : '共 4 人');
    await checkPage(page, testInfo, language, 'directory');

    // A department with its subtree: Engineering holds Alice and (through Backend) Bob.
    await page.getByTestId('department-tree').getByText('Engineering (1)').click();
    await expect(rows).toHaveCount(2);
    await expect(rows.first()).toContainText('Alice Wang');
    // Search within it.
    await page
      .getByRole('searchbox', {
        name: en
          ? 'Name, email, user ID, open_id or mobile (+86…)'
          : '姓名、邮箱、用户 ID、open_id 或手机号（+86…）',
      })
      .fill('bob');
    await expect(rows).toHaveCount(1);
    await rows.first().getByText('Bob Li').click();

    const detail = page.getByTestId('user-detail');
    await expect(detail).toContainText('Backend');
    await expect(detail).toContainText('Operations');
    await expect(detail).toContainText('Bob laptop');
    await expect(detail).toContainText(en ? 'No application' : '没有可访问的应用');
    await checkPage(page, testInfo, language, 'directory-user');

    await detail.getByRole('button', { name: en ? 'Sign out' : '下线', exact: true }).click();
    // The confirmation's primary button (antd words it in the console's language).
    await page.locator('.ant-popconfirm .ant-btn-primary').click();
    await expect(detail).toContainText(en ? 'No active sessions.' : '没有活动会话。');
    const revoked = await h.database.db
      .selectFrom('client_sessions')
      .select(['revoked_at', 'revoked_reason'])
      .where('id', '=', sessionId)
      .executeTakeFirstOrThrow();
    expect(revoked.revoked_at).not.toBeNull();
    expect(refused).toEqual([]);
  });
}

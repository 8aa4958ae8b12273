// The signed-in frame: navigation on the left, the tenant switcher, the language switcher and
// the admin's menu on top, the page in the middle.
import { DownOutlined, LockOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Dropdown, Layout, Menu, Space, Typography } from 'antd';
import type { MenuProps } from 'antd';
import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation, useMatch, useNavigate } from 'react-router';
import { PageErrorBoundary } from '../components/PageErrorBoundary.tsx';
import { PageLoading } from '../components/PageLoading.tsx';
import { LanguageSwitcher } from './LanguageSwitcher.tsx';
import { navOrder, pages } from './routes.tsx';
import { useAdmin, useSession } from './session.tsx';
import { TenantSwitcher } from './TenantSwitcher.tsx';
import { defaultTenant, tenantPath } from './tenant.tsx';

const TENANT_PREFIX = 't/:tenantId/';

export function Shell() {
  const { t } = useTranslation();
  const admin = useAdmin();
  const { signOut } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const inTenant = useMatch('/t/:tenantId/*');
  const tenantId = defaultTenant(admin, inTenant?.params.tenantId);

  const linkOf = (path: string): string | null => {
    if (!path.startsWith(TENANT_PREFIX)) return `/${path}`;
    return tenantId ? tenantPath(tenantId, path.slice(TENANT_PREFIX.length)) : null;
  };

  const groups: MenuProps['items'] = navOrder.map((group) => ({
    type: 'group' as const,
    key: group,
    label: t(`nav.group${group[0]!.toUpperCase()}${group.slice(1)}`),
    children: pages
      .filter((p) => p.nav?.group === group)
      .filter((p) => !p.nav?.platformOnly || admin.role === 'platform_admin')
      .map((p) => {
        const link = linkOf(p.path);
        return {
          key: link ?? p.path,
          icon: p.nav!.icon,
          label: t(p.nav!.label),
          disabled: !link,
        };
      }),
  }));
  const alsoActive = pages.find((p) => p.nav?.alsoActive?.test(location.pathname));
  const selected = (alsoActive ? [alsoActive] : pages)
    .map((p) => linkOf(p.path))
    .filter(
      (link): link is string => !!link && (!!alsoActive || location.pathname.startsWith(link)),
    )
    .sort((a, b) => b.length - a.length)[0];

  const accountItems: MenuProps['items'] = [
    {
      key: 'who',
      type: 'group',
      label: `${admin.email} · ${t(admin.role === 'platform_admin' ? 'layout.rolePlatform' : 'layout.roleTenant')}`,
    },
    { key: 'password', icon: <LockOutlined />, label: t('layout.changePassword') },
    { key: 'sign-out', icon: <LogoutOutlined />, label: t('layout.signOut') },
  ];

  return (
    <Layout className="gh-shell">
      <a className="gh-skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <Layout.Sider width={232} theme="light" breakpoint="lg" collapsedWidth={0}>
        <div className="gh-brand">{t('app.name')}</div>
        <nav aria-label={t('nav.label')}>
          <Menu
            mode="inline"
            items={groups}
            selectedKeys={selected ? [selected] : []}
            onClick={({ key }) => navigate(key)}
          />
        </nav>
      </Layout.Sider>
      <Layout>
        <Layout.Header className="gh-header">
          <TenantSwitcher tenantId={tenantId} />
          <Space size="middle">
            <LanguageSwitcher />
            <Dropdown
              menu={{
                items: accountItems,
                onClick: ({ key }) => {
                  if (key === 'password') navigate('/password');
                  if (key === 'sign-out') void signOut();
                },
              }}
            >
              <Button
                icon={<UserOutlined />}
                aria-label={t('layout.accountOf', { name: admin.name || admin.email })}
              >
                <Typography.Text ellipsis style={{ maxWidth: 200 }}>
                  {admin.name || admin.email}
                </Typography.Text>
                <DownOutlined />
              </Button>
            </Dropdown>
          </Space>
        </Layout.Header>
        <Layout.Content id="main" className="gh-content" tabIndex={-1}>
          <PageErrorBoundary key={location.pathname}>
            <Suspense fallback={<PageLoading />}>
              <Outlet />
            </Suspense>
          </PageErrorBoundary>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}

// Every page of the console: its address, its lazily loaded component (each page is its own
// chunk) and its entry in the navigation. Add a page here (see ../README.md).
import {
  ApartmentOutlined,
  AppstoreOutlined,
  AuditOutlined,
  LaptopOutlined,
  SafetyOutlined,
  ClusterOutlined,
  IdcardOutlined,
  SettingOutlined,
  SyncOutlined,
} from '@ant-design/icons';
import { lazy, type ComponentType, type LazyExoticComponent, type ReactNode } from 'react';

export type NavGroup = 'identity' | 'access' | 'operations';

export interface ConsolePage {
  /** Under /console/; tenant pages start with "t/:tenantId/". */
  path: string;
  component: LazyExoticComponent<ComponentType>;
  nav?: {
    /** Shell catalog key of the label (nav.*). */
    label: string;
    group: NavGroup;
    icon: ReactNode;
    /** Only platform admins see it (tenant admins get 403 from its API anyway). */
    platformOnly?: boolean;
    /** Also highlighted on addresses it matches (sub-pages living under another entry's path). */
    alsoActive?: RegExp;
  };
}

export const pages: ConsolePage[] = [
  {
    path: 'tenants',
    component: lazy(() => import('../pages/tenants/TenantsPage.tsx')),
    nav: { label: 'nav.tenants', group: 'identity', icon: <ClusterOutlined />, platformOnly: true },
  },
  {
    path: 't/:tenantId/settings',
    component: lazy(() => import('../pages/tenant-settings/TenantSettingsPage.tsx')),
    nav: { label: 'nav.tenantSettings', group: 'identity', icon: <SettingOutlined /> },
  },
  {
    path: 't/:tenantId/sources',
    component: lazy(() => import('../pages/sources/SourcesPage.tsx')),
    nav: { label: 'nav.sources', group: 'identity', icon: <IdcardOutlined /> },
  },
  {
    path: 't/:tenantId/sources/new',
    component: lazy(() => import('../pages/sources/SourceWizardPage.tsx')),
  },
  {
    path: 't/:tenantId/sources/:sourceId',
    component: lazy(() => import('../pages/sources/SourceEditPage.tsx')),
  },
  {
    path: 't/:tenantId/sync',
    component: lazy(() => import('../pages/sync/SyncPage.tsx')),
    nav: {
      label: 'nav.sync',
      group: 'identity',
      icon: <SyncOutlined />,
      alsoActive: /^\/t\/[^/]+\/sources\/[^/]+\/sync$/,
    },
  },
  {
    path: 't/:tenantId/sources/:sourceId/sync',
    component: lazy(() => import('../pages/sync/SyncPage.tsx')),
  },
  // H7b: directory, applications and policies, sessions, audit (pages/<name>/).
  {
    path: 't/:tenantId/directory',
    component: lazy(() => import('../pages/directory/DirectoryPage.tsx')),
    nav: {
      label: 'nav.directory',
      group: 'identity',
      icon: <ApartmentOutlined />,
      alsoActive: /^\/t\/[^/]+\/directory\/[^/]+$/,
    },
  },
  {
    path: 't/:tenantId/directory/:sourceId',
    component: lazy(() => import('../pages/directory/DirectoryPage.tsx')),
  },
  {
    path: 't/:tenantId/applications',
    component: lazy(() => import('../pages/applications/ApplicationsPage.tsx')),
    nav: { label: 'nav.applications', group: 'access', icon: <AppstoreOutlined /> },
  },
  {
    path: 't/:tenantId/policies',
    component: lazy(() => import('../pages/policies/PoliciesPage.tsx')),
    nav: { label: 'nav.policies', group: 'access', icon: <SafetyOutlined /> },
  },
  {
    path: 't/:tenantId/sessions',
    component: lazy(() => import('../pages/sessions/SessionsPage.tsx')),
    nav: { label: 'nav.sessions', group: 'operations', icon: <LaptopOutlined /> },
  },
  {
    path: 't/:tenantId/audit',
    component: lazy(() => import('../pages/audit/AuditPage.tsx')),
    nav: { label: 'nav.audit', group: 'operations', icon: <AuditOutlined /> },
  },
  {
    path: 'password',
    component: lazy(() => import('../pages/password/PasswordPage.tsx')),
  },
];

/** Nav groups in the order they appear. */
export const navOrder: NavGroup[] = ['identity', 'access', 'operations'];

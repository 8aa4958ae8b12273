// Every page of the console: its address, its lazily loaded component (each page is its own
// chunk) and its entry in the navigation. Add a page here (see ../README.md).
import { ClusterOutlined } from '@ant-design/icons';
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
  };
}

export const pages: ConsolePage[] = [
  {
    path: 'tenants',
    component: lazy(() => import('../pages/tenants/TenantsPage.tsx')),
    nav: { label: 'nav.tenants', group: 'identity', icon: <ClusterOutlined />, platformOnly: true },
  },
  // H7b: directory, applications and policies, sessions, audit (pages/<name>/).
  {
    path: 'password',
    component: lazy(() => import('../pages/password/PasswordPage.tsx')),
  },
];

/** Nav groups in the order they appear. */
export const navOrder: NavGroup[] = ['identity', 'access', 'operations'];

// Platform admins pick the tenant they work on (server-side search: there may be many);
// tenant admins see their own tenant's name. Switching keeps the page: /t/<new>/<same rest>.
import { Select, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import type { Tenant, TenantPage } from '../api/types.ts';
import { useAdmin, useApi } from './session.tsx';
import { rememberTenant, tenantPath } from './tenant.tsx';

export function TenantSwitcher(props: { tenantId: string | null }) {
  const { t } = useTranslation();
  const api = useApi();
  const admin = useAdmin();
  const navigate = useNavigate();
  const location = useLocation();
  const [search, setSearch] = useState('');
  const [options, setOptions] = useState<Tenant[]>([]);
  const [current, setCurrent] = useState<Tenant | null>(null);

  useEffect(() => {
    if (admin.role !== 'platform_admin') return;
    let live = true;
    const timer = setTimeout(() => {
      api
        .get<TenantPage>('/tenants', { q: search || undefined, page_size: 50 })
        .then((page) => live && setOptions(page.items))
        .catch(() => live && setOptions([]));
    }, 200);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [api, admin.role, search]);

  useEffect(() => {
    if (!props.tenantId) return setCurrent(null);
    let live = true;
    api
      .get<Tenant>(`/tenants/${encodeURIComponent(props.tenantId)}`)
      .then((tenant) => live && setCurrent(tenant))
      .catch(() => live && setCurrent(null));
    return () => {
      live = false;
    };
  }, [api, props.tenantId]);

  if (admin.role !== 'platform_admin')
    return <Typography.Text strong>{current?.name ?? ''}</Typography.Text>;

  const choose = (tenantId: string) => {
    rememberTenant(tenantId);
    const match = /^\/t\/[^/]+\/([^/]+)/.exec(location.pathname);
    navigate(tenantPath(tenantId, match?.[1] ?? 'settings'));
  };
  const shown =
    current && !options.some((o) => o.id === current.id) ? [current, ...options] : options;
  return (
    <Select
      showSearch={{ filterOption: false, onSearch: setSearch }}
      aria-label={t('layout.tenant')}
      placeholder={t('layout.chooseTenant')}
      value={props.tenantId ?? undefined}
      onChange={choose}
      style={{ minWidth: 220 }}
      options={shown.map((tenant) => ({ value: tenant.id, label: tenant.name }))}
      data-testid="tenant-switcher"
    />
  );
}

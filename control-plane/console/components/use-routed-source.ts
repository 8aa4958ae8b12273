// Pages about one identity source (sync, directory) under a tenant: the tenant's sources for
// the picker, and the source the route names. With none named, the first source opens at once
// (its page's path from `pathOf`), so a menu link can lead straight to the page.
import { useEffect } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useApi } from '../app/session.tsx';
import { tenantPath, useTenantId } from '../app/tenant.tsx';
import type { SourcePage } from '../api/types.ts';
import { useLoad } from './use-load.ts';

export function useRoutedSource(pathOf: (sourceId: string) => string) {
  const api = useApi();
  const tenantId = useTenantId();
  const navigate = useNavigate();
  const { sourceId } = useParams();
  const sources = useLoad(
    () =>
      api.get<SourcePage>(`/tenants/${encodeURIComponent(tenantId)}/identity-sources`, {
        page_size: 200,
      }),
    [api, tenantId],
  );

  const first = sources.data?.items[0]?.id;
  useEffect(() => {
    if (!sourceId && first) navigate(tenantPath(tenantId, pathOf(first)), { replace: true });
    // pathOf is left out on purpose: pages pass a new arrow each render for the same mapping.
  }, [sourceId, first, navigate, tenantId]);

  return { sources, sourceId };
}

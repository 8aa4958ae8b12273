// An existing source: basic configuration (secrets write-only), connectivity test,
// synchronization settings, and its status (enable, or close with the warning).
import { Alert, App, Button, Card, Space, Tabs } from 'antd';
import { useEffect, useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { useApi } from '../../app/session.tsx';
import { tenantPath, useTenantId } from '../../app/tenant.tsx';
import type { ConnectivityAnswer, Source, UpdateSourceBody } from '../../api/types.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { PageLoading } from '../../components/PageLoading.tsx';
import { useLoad } from '../../components/use-load.ts';
import { useMessages } from '../../i18n/messages.ts';
import { BasicForm } from './BasicForm.tsx';
import { ConnectivityPanel } from './ConnectivityPanel.tsx';
import { sourceMessages } from './messages.ts';
import { useSourceStatus } from './source-status.tsx';
import { SyncSettingsForm } from './SyncSettingsForm.tsx';
import { useTenant } from './use-tenant.ts';

const TABS = ['basic', 'connectivity', 'sync', 'status'] as const;
type TabKey = (typeof TABS)[number];

export default function SourceEditPage() {
  const t = useMessages(sourceMessages);
  const api = useApi();
  const tenantId = useTenantId();
  const { sourceId = '' } = useParams();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const tab: TabKey = (TABS as readonly string[]).includes(params.get('tab') ?? '')
    ? (params.get('tab') as TabKey)
    : 'basic';
  const path = `/tenants/${encodeURIComponent(tenantId)}/identity-sources/${encodeURIComponent(sourceId)}`;
  const loaded = useLoad(() => api.get<Source>(path), [api, path]);
  const tenant = useTenant(tenantId);
  const [source, setSource] = useState<Source | null>(null);
  const [answer, setAnswer] = useState<ConnectivityAnswer | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const status = useSourceStatus(api, setSource);
  useEffect(() => {
    if (loaded.data) setSource(loaded.data);
  }, [loaded.data]);

  if (loaded.error) return <ErrorAlert error={loaded.error} onRetry={loaded.reload} />;
  if (!source || !tenant.data) return <PageLoading />;

  const save = async (body: UpdateSourceBody, saved: string) => {
    setBusy(true);
    setError(null);
    try {
      setSource(await api.patch<Source>(path, body));
      void message.success(saved);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <PageHeader
        title={t('sources.editTitle', { name: source.name })}
        extra={
          <Button onClick={() => navigate(tenantPath(tenantId, `sources/${source.id}/sync`))}>
            {t('sources.openSync')}
          </Button>
        }
      />
      <Card>
        <Tabs
          activeKey={tab}
          onChange={(key) => {
            setError(null);
            setParams({ tab: key });
          }}
          items={[
            {
              key: 'basic',
              label: t('sources.tabs.basic'),
              children: (
                <BasicForm
                  key={source.updated_at}
                  brand={source.brand}
                  source={source}
                  busy={busy}
                  error={error}
                  submitLabel={t('common.save')}
                  onSubmit={(body) => void save(body, t('sources.basic.saved'))}
                />
              ),
            },
            {
              key: 'connectivity',
              label: t('sources.tabs.connectivity'),
              children: (
                <ConnectivityPanel
                  source={source}
                  answer={answer}
                  onAnswer={(a) => {
                    setAnswer(a);
                    loaded.reload();
                  }}
                />
              ),
            },
            {
              key: 'sync',
              label: t('sources.tabs.sync'),
              children: (
                <SyncSettingsForm
                  key={source.updated_at}
                  source={source}
                  timeZone={tenant.data.time_zone}
                  busy={busy}
                  error={error}
                  submitLabel={t('sources.sync.save')}
                  onSubmit={(body) => void save(body, t('sources.sync.saved'))}
                />
              ),
            },
            {
              key: 'status',
              label: t('sources.tabs.status'),
              children: (
                <Space orientation="vertical">
                  <Alert
                    type={source.status === 'enabled' ? 'success' : 'warning'}
                    showIcon
                    title={t(
                      source.status === 'enabled'
                        ? 'sources.statusTab.enabledIntro'
                        : 'sources.statusTab.closedIntro',
                    )}
                  />
                  {source.status === 'enabled' ? (
                    <Button danger onClick={() => status.close(source)} data-testid="close-source">
                      {t('sources.close')}
                    </Button>
                  ) : (
                    <Button
                      type="primary"
                      onClick={() => void status.enable(source)}
                      data-testid="enable-source"
                    >
                      {t('sources.enable')}
                    </Button>
                  )}
                </Space>
              ),
            },
          ]}
        />
      </Card>
    </>
  );
}

// Synchronization of one identity source: its status, the next scheduled run, "sync now", runs
// held by deletion protection (approve / discard), and the history with counts and errors.
// While a run is queued or running the page polls every two seconds.
import { SyncOutlined } from '@ant-design/icons';
import { App, Button, Card, Descriptions, Empty, Select, Space, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { useApi } from '../../app/session.tsx';
import { tenantPath, useTenantId } from '../../app/tenant.tsx';
import type { Source, SyncRun, SyncRunPage, Tenant } from '../../api/types.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { LocalTime } from '../../components/LocalTime.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { PageLoading } from '../../components/PageLoading.tsx';
import { SyncStatusTag } from '../../components/SyncStatusTag.tsx';
import { useLoad } from '../../components/use-load.ts';
import { useRoutedSource } from '../../components/use-routed-source.ts';
import { useMessages } from '../../i18n/messages.ts';
import { checkSchedule } from '../sources/source-rules.ts';
import { BlockedRun } from './BlockedRun.tsx';
import { syncMessages } from './messages.ts';
import { countsText } from './run-text.ts';

const PAGE_SIZE = 10;
const POLL_MS = 2000;

export default function SyncPage() {
  const t = useMessages(syncMessages);
  const tenantId = useTenantId();
  const navigate = useNavigate();
  const { sources, sourceId } = useRoutedSource((id) => `sources/${id}/sync`);

  if (sources.error) return <ErrorAlert error={sources.error} onRetry={sources.reload} />;
  if (!sources.data) return <PageLoading />;
  if (sources.data.items.length === 0)
    return (
      <>
        <PageHeader title={t('sync.title')} />
        <Empty description={t('sync.noSources')}>
          <Button type="primary" onClick={() => navigate(tenantPath(tenantId, 'sources/new'))}>
            {t('sync.addSource')}
          </Button>
        </Empty>
      </>
    );
  const source = sources.data.items.find((s) => s.id === sourceId);
  if (!source) return <PageLoading />;
  return (
    <SourceSync
      key={source.id}
      source={source}
      sources={sources.data.items}
      onPick={(id) => navigate(tenantPath(tenantId, `sources/${id}/sync`))}
    />
  );
}

function SourceSync(props: { source: Source; sources: Source[]; onPick: (id: string) => void }) {
  const t = useMessages(syncMessages);
  const api = useApi();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const { source } = props;
  const base = `/tenants/${source.tenant_id}/identity-sources/${source.id}`;
  const [page, setPage] = useState(1);
  const [error, setError] = useState<unknown>(null);
  const [starting, setStarting] = useState(false);
  const tenant = useLoad(() => api.get<Tenant>(`/tenants/${source.tenant_id}`), [api, source]);
  const runs = useLoad(
    () => api.get<SyncRunPage>(`${base}/sync-runs`, { page, page_size: PAGE_SIZE }),
    [api, base, page],
  );
  const blocked = useLoad(
    () => api.get<SyncRunPage>(`${base}/sync-runs`, { status: 'blocked', page_size: 5 }),
    [api, base],
  );
  const reloadAll = () => {
    runs.reload();
    blocked.reload();
  };
  const active = runs.data?.items.some((r) => r.status === 'queued' || r.status === 'running');
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(reloadAll, POLL_MS);
    return () => clearInterval(timer);
    // reloadAll only calls the stable reloads.
  }, [active]);

  const syncNow = async () => {
    setStarting(true);
    setError(null);
    try {
      await api.post(`${base}/sync`);
      void message.success(t('sync.syncStarted'));
      setPage(1);
      reloadAll();
    } catch (e) {
      setError(e);
    } finally {
      setStarting(false);
    }
  };

  const zone = tenant.data?.time_zone ?? 'UTC';
  const last = runs.data?.items[0];
  const lastFinished = runs.data?.items.find((r) => r.finished_at)?.finished_at;
  const nextRun = (() => {
    if (source.status !== 'enabled') return t('sync.nextRunClosed');
    if (!source.auto_sync) return t('sync.nextRunNone');
    const from =
      source.schedule.kind === 'interval' && lastFinished ? new Date(lastFinished) : new Date();
    const check = checkSchedule(source.schedule, zone, from, 1);
    return check.ok && check.next[0] ? <LocalTime iso={check.next[0].toISOString()} /> : '—';
  })();

  return (
    <>
      <PageHeader
        title={t('sync.titleOf', { name: source.name })}
        extra={
          <Space>
            {props.sources.length > 1 && (
              <Select
                aria-label={t('sync.chooseSource')}
                value={source.id}
                onChange={props.onPick}
                options={props.sources.map((s) => ({ value: s.id, label: s.name }))}
                style={{ minWidth: 200 }}
              />
            )}
            <Button
              onClick={() =>
                navigate(tenantPath(source.tenant_id, `sources/${source.id}?tab=sync`))
              }
            >
              {t('sync.settings')}
            </Button>
            <Button
              type="primary"
              icon={<SyncOutlined spin={!!active} />}
              loading={starting}
              disabled={!!active || source.status !== 'enabled'}
              onClick={() => void syncNow()}
              data-testid="sync-now"
            >
              {t('sync.syncNow')}
            </Button>
          </Space>
        }
      />
      <Space orientation="vertical" size="large" style={{ width: '100%' }}>
        {error !== null && <ErrorAlert error={error} />}
        <Card>
          <Descriptions column={{ xs: 1, md: 2 }} size="small">
            <Descriptions.Item label={t('sync.lastRun')}>
              {last ? (
                <Space>
                  <SyncStatusTag status={last.status} />
                  <LocalTime iso={last.finished_at ?? last.started_at ?? last.created_at} />
                  {last.phase && <span>{t('sync.phase', { phase: last.phase })}</span>}
                </Space>
              ) : (
                t('sync.noRuns')
              )}
            </Descriptions.Item>
            <Descriptions.Item label={t('sync.nextRun')}>
              <span data-testid="next-run">{nextRun}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('sync.schedule')}>
              {source.schedule.kind === 'interval'
                ? t('sync.everyHours', { hours: source.schedule.interval_hours })
                : t('sync.cron', { expression: source.schedule.expression, zone })}
            </Descriptions.Item>
          </Descriptions>
        </Card>
        {blocked.data?.items.map((run) => (
          <BlockedRun
            key={run.id}
            base={base}
            run={run}
            brand={t(`brand.${source.brand}`)}
            onDecided={reloadAll}
          />
        ))}
        <Card title={t('sync.history')}>
          {runs.error !== null && <ErrorAlert error={runs.error} onRetry={runs.reload} />}
          <Table<SyncRun>
            rowKey="id"
            size="small"
            data-testid="run-history"
            loading={runs.loading && !runs.data}
            dataSource={runs.data?.items ?? []}
            locale={{ emptyText: t('sync.noRuns') }}
            pagination={{
              current: page,
              pageSize: PAGE_SIZE,
              total: runs.data?.total ?? 0,
              showSizeChanger: false,
              onChange: setPage,
            }}
            columns={[
              {
                title: t('sync.status'),
                dataIndex: 'status',
                render: (s: SyncRun['status']) => <SyncStatusTag status={s} />,
              },
              {
                title: t('sync.trigger'),
                dataIndex: 'trigger',
                render: (tr: SyncRun['trigger']) => t(`sync.triggers.${tr}`),
              },
              {
                title: t('sync.started'),
                render: (_, r) => <LocalTime iso={r.started_at ?? r.created_at} />,
              },
              {
                title: t('sync.duration'),
                dataIndex: 'duration_ms',
                render: (ms: number | null) =>
                  ms === null ? '—' : t('sync.seconds', { value: (ms / 1000).toFixed(1) }),
              },
              {
                title: t('sync.counts'),
                render: (_, r) => (
                  <Space orientation="vertical" size={0}>
                    {countsText(t, r.counts).map((line) => (
                      <Typography.Text key={line}>{line}</Typography.Text>
                    ))}
                  </Space>
                ),
              },
              { title: t('sync.apiCalls'), dataIndex: 'api_calls' },
              {
                title: t('sync.error'),
                render: (_, r) =>
                  r.error ? (
                    <Space orientation="vertical" size={0}>
                      <Typography.Text type="danger">{r.error.message}</Typography.Text>
                      <Typography.Text className="gh-mono">{r.error.code}</Typography.Text>
                    </Space>
                  ) : (
                    ''
                  ),
              },
            ]}
          />
        </Card>
      </Space>
    </>
  );
}

// The tenant's identity sources: platform, status, connectivity, last synchronization; add one
// (the wizard), edit, open its synchronization, enable or close.
import { PlusOutlined } from '@ant-design/icons';
import { Button, Empty, Space, Table, Tag } from 'antd';
import { useNavigate } from 'react-router';
import { useApi } from '../../app/session.tsx';
import { tenantPath, useTenantId } from '../../app/tenant.tsx';
import type { Source, SourcePage, SyncRunPage } from '../../api/types.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { LocalTime } from '../../components/LocalTime.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useLoad } from '../../components/use-load.ts';
import { useMessages } from '../../i18n/messages.ts';
import { sourceMessages } from './messages.ts';
import { useSourceStatus } from './source-status.tsx';
import { SyncStatusTag } from '../../components/SyncStatusTag.tsx';

type Row = Source & { lastRun: SyncRunPage['items'][number] | null };

export default function SourcesPage() {
  const t = useMessages(sourceMessages);
  const api = useApi();
  const tenantId = useTenantId();
  const navigate = useNavigate();
  const base = `/tenants/${encodeURIComponent(tenantId)}/identity-sources`;
  // A tenant has a handful of sources: one page, and each one's latest run.
  const list = useLoad(async (): Promise<Row[]> => {
    const page = await api.get<SourcePage>(base, { page_size: 200 });
    return Promise.all(
      page.items.map(async (s) => {
        const runs = await api
          .get<SyncRunPage>(`${base}/${s.id}/sync-runs`, { page_size: 1 })
          .catch(() => null);
        return { ...s, lastRun: runs?.items[0] ?? null };
      }),
    );
  }, [api, base]);
  const status = useSourceStatus(api, () => list.reload());
  const open = (path: string) => navigate(tenantPath(tenantId, path));

  return (
    <>
      <PageHeader
        title={t('sources.title')}
        extra={
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => open('sources/new')}
            data-testid="add-source"
          >
            {t('sources.add')}
          </Button>
        }
      />
      {list.error !== null && <ErrorAlert error={list.error} onRetry={list.reload} />}
      <Table<Row>
        rowKey="id"
        loading={list.loading}
        dataSource={list.data ?? []}
        pagination={false}
        locale={{ emptyText: <Empty description={t('sources.empty')} /> }}
        columns={[
          {
            title: t('sources.name'),
            dataIndex: 'name',
            render: (name: string, s) => (
              <Button type="link" style={{ padding: 0 }} onClick={() => open(`sources/${s.id}`)}>
                {name}
              </Button>
            ),
          },
          {
            title: t('sources.brand'),
            dataIndex: 'brand',
            render: (b: Source['brand']) => (
              <Tag color={b === 'feishu' ? 'blue' : 'geekblue'}>{t(`sources.${b}`)}</Tag>
            ),
          },
          {
            title: t('sources.status'),
            dataIndex: 'status',
            render: (s: Source['status']) =>
              s === 'enabled' ? (
                <Tag color="green">{t('sources.enabled')}</Tag>
              ) : (
                <Tag>{t('sources.closed')}</Tag>
              ),
          },
          {
            title: t('sources.connectivity'),
            render: (_, s) => {
              const c = s.connectivity.status;
              const color = c === 'passed' ? 'green' : c === 'failed' ? 'red' : 'default';
              return (
                <Tag color={color}>
                  {t(`sources.connectivity${c[0]!.toUpperCase()}${c.slice(1)}`)}
                </Tag>
              );
            },
          },
          {
            title: t('sources.lastSync'),
            render: (_, s) =>
              s.lastRun ? (
                <Space>
                  <SyncStatusTag status={s.lastRun.status} />
                  <LocalTime iso={s.lastRun.finished_at ?? s.lastRun.created_at} />
                </Space>
              ) : (
                t('sources.noSyncYet')
              ),
          },
          {
            title: t('common.actions'),
            render: (_, s) => (
              <Space wrap>
                <Button size="small" onClick={() => open(`sources/${s.id}`)}>
                  {t('sources.edit')}
                </Button>
                <Button size="small" onClick={() => open(`sources/${s.id}/sync`)}>
                  {t('sources.openSync')}
                </Button>
                {s.status === 'enabled' ? (
                  <Button size="small" danger onClick={() => status.close(s)}>
                    {t('sources.close')}
                  </Button>
                ) : (
                  <Button size="small" onClick={() => void status.enable(s)}>
                    {t('sources.enable')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
    </>
  );
}

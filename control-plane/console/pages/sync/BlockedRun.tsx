// A run held by deletion protection: why it stopped, who would be deleted or disabled (paged
// from the server), and approve / discard behind confirmation dialogs.
import { Alert, App, Button, Card, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useApi } from '../../app/session.tsx';
import type { PendingChangePage, SyncApproval, SyncRun, SyncRunDetail } from '../../api/types.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { LocalTime } from '../../components/LocalTime.tsx';
import { useLoad } from '../../components/use-load.ts';
import { useMessages } from '../../i18n/messages.ts';
import { useLanguage } from '../../i18n/use-language.ts';
import { syncMessages } from './messages.ts';
import { pendingText } from './run-text.ts';

const PAGE_SIZE = 20;
type Change = PendingChangePage['items'][number];

export function BlockedRun(props: {
  base: string;
  run: SyncRun;
  brand: string;
  onDecided: () => void;
}) {
  const t = useMessages(syncMessages);
  const language = useLanguage();
  const api = useApi();
  const { modal, message } = App.useApp();
  const [page, setPage] = useState(1);
  const [error, setError] = useState<unknown>(null);
  const runPath = `${props.base}/sync-runs/${props.run.id}`;
  const detail = useLoad(() => api.get<SyncRunDetail>(runPath), [api, runPath]);
  const changes = useLoad(
    () =>
      api.get<PendingChangePage>(`${runPath}/changes`, {
        action: 'delete,disable',
        page,
        page_size: PAGE_SIZE,
      }),
    [api, runPath, page],
  );

  const decide = (kind: 'approve' | 'discard') =>
    modal.confirm({
      title: t(kind === 'approve' ? 'sync.approveTitle' : 'sync.discardTitle'),
      content: t(kind === 'approve' ? 'sync.approveBody' : 'sync.discardBody'),
      okText: t(kind === 'approve' ? 'sync.approve' : 'sync.discard'),
      okButtonProps: { danger: kind === 'approve' },
      cancelText: t('common.cancel'),
      onOk: async () => {
        setError(null);
        try {
          if (kind === 'approve') {
            const answer = await api.post<SyncApproval>(`${runPath}/approve`);
            void message.success(t(answer.applied ? 'sync.approved' : 'sync.approvedRequeued'));
          } else {
            await api.post(`${runPath}/discard`);
            void message.success(t('sync.discarded'));
          }
          props.onDecided();
        } catch (e) {
          setError(e);
        }
      },
    });

  return (
    <Card
      title={t('sync.blockedTitle')}
      data-testid="blocked-run"
      extra={<LocalTime iso={props.run.finished_at ?? props.run.created_at} />}
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Alert type="warning" showIcon title={t('sync.blockedIntro')} />
        <Typography.Text strong>{t('sync.holdReasons')}</Typography.Text>
        <ul style={{ margin: 0 }}>
          {props.run.hold_reasons.map((reason) => (
            <li key={reason.code}>
              {reason.messages[language]} <Tag className="gh-mono">{reason.code}</Tag>
            </li>
          ))}
        </ul>
        {detail.data && (
          <Typography.Text>
            {t('sync.pendingCounts', { summary: pendingText(t, detail.data.pending) })}
          </Typography.Text>
        )}
        {error !== null && <ErrorAlert error={error} />}
        {changes.error !== null && <ErrorAlert error={changes.error} onRetry={changes.reload} />}
        <Table<Change>
          size="small"
          rowKey="seq"
          caption={t('sync.pendingChanges')}
          loading={changes.loading}
          dataSource={changes.data?.items ?? []}
          data-testid="pending-changes"
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: changes.data?.total ?? 0,
            showSizeChanger: false,
            onChange: setPage,
          }}
          columns={[
            {
              title: t('sync.entity'),
              dataIndex: 'entity',
              render: (e: Change['entity']) => t(e === 'user' ? 'sync.user' : 'sync.department'),
            },
            {
              title: t('sync.action'),
              dataIndex: 'action',
              render: (a: Change['action']) => (
                <Tag color={a === 'delete' ? 'red' : 'orange'}>{t(`sync.actions.${a}`)}</Tag>
              ),
            },
            { title: t('sync.name'), dataIndex: 'name' },
            {
              title: 'open_id',
              dataIndex: 'open_id',
              render: (id: string) => <span className="gh-mono">{id}</span>,
            },
            {
              title: t('sync.reason'),
              dataIndex: 'reason',
              render: (r: string | null) =>
                r ? t(`sync.reasons.${r}`, { defaultValue: r, brand: props.brand }) : '',
            },
          ]}
        />
        <Space>
          <Button danger type="primary" onClick={() => decide('approve')} data-testid="approve-run">
            {t('sync.approve')}
          </Button>
          <Button onClick={() => decide('discard')} data-testid="discard-run">
            {t('sync.discard')}
          </Button>
        </Space>
      </Space>
    </Card>
  );
}

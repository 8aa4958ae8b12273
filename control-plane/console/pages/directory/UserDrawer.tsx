// One user as the admin needs them: identity, departments (primary first), the fields the
// mapping produced, live sessions with "sign out" (one or all), and what the user may open now
// with the policy that decided it.
import {
  App,
  Button,
  Descriptions,
  Drawer,
  Empty,
  List,
  Popconfirm,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useApi } from '../../app/session.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { LocalTime } from '../../components/LocalTime.tsx';
import { PageLoading } from '../../components/PageLoading.tsx';
import { useLoad } from '../../components/use-load.ts';
import { useMessages } from '../../i18n/messages.ts';
import { directoryMessages } from './messages.ts';
import type { SessionPage, UserDetail, UserEntitlements } from './types.ts';

const show = (value: unknown) =>
  value === null || value === undefined || value === ''
    ? '—'
    : typeof value === 'string'
      ? value
      : JSON.stringify(value);

export function UserDrawer(props: {
  tenantId: string;
  base: string;
  userId: string | null;
  onClose: () => void;
}) {
  const t = useMessages(directoryMessages);
  return (
    <Drawer
      open={props.userId !== null}
      onClose={props.onClose}
      title={t('directory.detail.title')}
      size="large"
      destroyOnHidden
    >
      {props.userId && <UserDetailBody {...props} userId={props.userId} />}
    </Drawer>
  );
}

function UserDetailBody(props: { tenantId: string; base: string; userId: string }) {
  const t = useMessages(directoryMessages);
  const api = useApi();
  const { message } = App.useApp();
  const [error, setError] = useState<unknown>(null);
  const tenant = `/tenants/${encodeURIComponent(props.tenantId)}`;
  const user = useLoad(
    () => api.get<UserDetail>(`${props.base}/users/${props.userId}`),
    [api, props.base, props.userId],
  );
  const sessions = useLoad(
    () =>
      api.get<SessionPage>(`${tenant}/sessions`, {
        user_id: props.userId,
        status: 'active',
        page_size: 50,
      }),
    [api, tenant, props.userId],
  );
  const entitlements = useLoad(
    () => api.get<UserEntitlements>(`${tenant}/users/${props.userId}/entitlements`),
    [api, tenant, props.userId],
  );

  if (user.error) return <ErrorAlert error={user.error} onRetry={user.reload} />;
  if (!user.data) return <PageLoading />;
  const u = user.data;

  const revokeOne = async (sessionId: string) => {
    try {
      await api.post(`${tenant}/sessions/${sessionId}/revoke`);
      void message.success(t('directory.detail.revoked', { count: 1 }));
      sessions.reload();
    } catch (e) {
      setError(e);
    }
  };
  const revokeAll = async () => {
    try {
      const answer = await api.post<{ revoked: number }>(`${tenant}/sessions/revoke-user`, {
        user_id: u.id,
      });
      void message.success(t('directory.detail.revoked', { count: answer.revoked }));
      sessions.reload();
    } catch (e) {
      setError(e);
    }
  };

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }} data-testid="user-detail">
      {error !== null && <ErrorAlert error={error} />}
      <Descriptions column={1} size="small" bordered title={u.name}>
        <Descriptions.Item label={t('directory.status')}>
          <StatusTag status={u.status} />
        </Descriptions.Item>
        <Descriptions.Item label={t('directory.email')}>{show(u.email)}</Descriptions.Item>
        <Descriptions.Item label={t('directory.detail.mobile')}>{show(u.mobile)}</Descriptions.Item>
        <Descriptions.Item label={t('directory.userId')}>{show(u.user_id)}</Descriptions.Item>
        <Descriptions.Item label={t('directory.detail.employeeNo')}>
          {show(u.employee_no)}
        </Descriptions.Item>
        <Descriptions.Item label={t('directory.detail.openId')}>{u.open_id}</Descriptions.Item>
        <Descriptions.Item label={t('directory.detail.unionId')}>{u.union_id}</Descriptions.Item>
        <Descriptions.Item label={t('directory.detail.departments')}>
          {u.departments.map((d) => (
            <Tag key={d.open_department_id} color={d.is_primary ? 'blue' : undefined}>
              {d.name ?? d.open_department_id}
              {d.is_primary ? ` · ${t('directory.detail.primary')}` : ''}
            </Tag>
          ))}
        </Descriptions.Item>
      </Descriptions>

      <section aria-label={t('directory.detail.attributes')}>
        <Typography.Title level={2} style={{ fontSize: 16 }}>
          {t('directory.detail.attributes')}
        </Typography.Title>
        <Table
          size="small"
          pagination={false}
          rowKey="field"
          locale={{ emptyText: t('directory.detail.noAttributes') }}
          dataSource={Object.entries(u.attributes).map(([field, value]) => ({
            field,
            value: show(value),
          }))}
          columns={[
            { title: t('directory.detail.field'), dataIndex: 'field' },
            { title: t('directory.detail.value'), dataIndex: 'value' },
          ]}
        />
      </section>

      <section aria-label={t('directory.detail.sessions')}>
        <Space style={{ justifyContent: 'space-between', width: '100%' }}>
          <Typography.Title level={2} style={{ fontSize: 16 }}>
            {t('directory.detail.sessions')}
          </Typography.Title>
          {(sessions.data?.items.length ?? 0) > 0 && (
            <Popconfirm
              title={t('directory.detail.revokeAllConfirm', { name: u.name })}
              onConfirm={() => void revokeAll()}
            >
              <Button danger>{t('directory.detail.revokeAll')}</Button>
            </Popconfirm>
          )}
        </Space>
        {sessions.error ? (
          <ErrorAlert error={sessions.error} onRetry={sessions.reload} />
        ) : (
          <Table
            size="small"
            pagination={false}
            rowKey="id"
            loading={sessions.loading}
            locale={{ emptyText: t('directory.detail.noSessions') }}
            dataSource={sessions.data?.items ?? []}
            columns={[
              {
                title: t('directory.detail.device'),
                render: (_, s) => `${s.device.name} · ${s.device.os}`,
              },
              { title: 'IP', dataIndex: 'ip' },
              {
                title: t('directory.detail.lastSeen'),
                render: (_, s) => <LocalTime iso={s.last_seen_at} />,
              },
              {
                title: '',
                render: (_, s) => (
                  <Popconfirm
                    title={t('directory.detail.revokeConfirm')}
                    onConfirm={() => void revokeOne(s.id)}
                  >
                    <Button size="small" danger>
                      {t('directory.detail.revoke')}
                    </Button>
                  </Popconfirm>
                ),
              },
            ]}
          />
        )}
      </section>

      <section aria-label={t('directory.detail.entitlements')}>
        <Typography.Title level={2} style={{ fontSize: 16 }}>
          {t('directory.detail.entitlements')}
        </Typography.Title>
        {entitlements.error ? (
          <ErrorAlert error={entitlements.error} onRetry={entitlements.reload} />
        ) : !entitlements.data ? (
          <PageLoading />
        ) : entitlements.data.entitlements === null ? (
          <Empty description={t('directory.detail.notActive')} />
        ) : (
          <List
            size="small"
            locale={{ emptyText: t('directory.detail.noApplications') }}
            dataSource={entitlements.data.entitlements.applications}
            renderItem={(a) => (
              <List.Item>
                <List.Item.Meta
                  title={a.name}
                  description={t('directory.detail.decidedBy', {
                    policy: a.decided_by.policy_name,
                    priority: a.decided_by.priority,
                  })}
                />
              </List.Item>
            )}
          />
        )}
      </section>
    </Space>
  );
}

export function StatusTag(props: { status: 'active' | 'disabled' | 'deleted' }) {
  const t = useMessages(directoryMessages);
  const color =
    props.status === 'active' ? 'green' : props.status === 'disabled' ? 'orange' : 'default';
  return <Tag color={color}>{t(`directory.${props.status}`)}</Tag>;
}

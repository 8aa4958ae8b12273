// Client sessions of the tenant, newest first: search by user or device, filter by status,
// paged on the server by cursor; sign one session out, or every session of its user.
import { App, Button, Input, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useApi } from '../../app/session.tsx';
import { useTenantId } from '../../app/tenant.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { LocalTime } from '../../components/LocalTime.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useLoad } from '../../components/use-load.ts';
import { useMessages } from '../../i18n/messages.ts';
import type { SessionPage } from '../directory/types.ts';
import { sessionMessages } from './messages.ts';

type Status = 'active' | 'revoked' | 'all';
const PAGE_SIZE = 50;

export default function SessionsPage() {
  const t = useMessages(sessionMessages);
  const api = useApi();
  const { message } = App.useApp();
  const tenantId = useTenantId();
  const base = `/tenants/${encodeURIComponent(tenantId)}/sessions`;
  const [typed, setTyped] = useState('');
  const [q, setQ] = useState('');
  const [status, setStatus] = useState<Status>('active');
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [error, setError] = useState<unknown>(null);
  const [total, setTotal] = useState<{ n: number; exact: boolean } | null>(null);
  const cursor = cursors.at(-1) ?? null;

  useEffect(() => {
    const timer = setTimeout(() => setQ(typed.trim()), 300);
    return () => clearTimeout(timer);
  }, [typed]);
  useEffect(() => setCursors([null]), [q, status]);

  const sessions = useLoad(
    () =>
      api.get<SessionPage>(base, {
        page_size: PAGE_SIZE,
        status,
        q: q || undefined,
        cursor: cursor ?? undefined,
      }),
    [api, base, q, status, cursor],
  );
  useEffect(() => {
    const d = sessions.data;
    if (d && !cursor) setTotal({ n: d.total, exact: d.total_exact });
  }, [sessions.data, cursor]);

  const act = async (run: () => Promise<number>) => {
    try {
      const count = await run();
      void message.success(t('sessions.revokedCount', { count }));
      sessions.reload();
    } catch (e) {
      setError(e);
    }
  };

  return (
    <>
      <PageHeader
        title={t('sessions.title')}
        extra={
          total && (
            <Typography.Text type="secondary" data-testid="session-total">
              {t(total.exact ? 'sessions.total' : 'sessions.totalMore', {
                count: total.n.toLocaleString(),
              })}
            </Typography.Text>
          )
        }
      />
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search
          allowClear
          style={{ width: 300 }}
          placeholder={t('sessions.search')}
          aria-label={t('sessions.search')}
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
          onSearch={(v) => setQ(v.trim())}
        />
        <Select<Status>
          aria-label={t('sessions.status')}
          value={status}
          style={{ width: 140 }}
          onChange={setStatus}
          options={[
            { value: 'active', label: t('sessions.active') },
            { value: 'revoked', label: t('sessions.revoked') },
            { value: 'all', label: t('sessions.all') },
          ]}
        />
      </Space>
      {error !== null && <ErrorAlert error={error} />}
      {sessions.error ? (
        <ErrorAlert error={sessions.error} onRetry={sessions.reload} />
      ) : (
        <Table
          size="small"
          rowKey="id"
          loading={sessions.loading}
          pagination={false}
          dataSource={sessions.data?.items ?? []}
          locale={{ emptyText: t('sessions.none') }}
          columns={[
            {
              title: t('sessions.user'),
              render: (_, s) => (
                <>
                  <div>{s.user_name ?? s.user_id}</div>
                  <Typography.Text type="secondary">{s.user_email}</Typography.Text>
                </>
              ),
            },
            {
              title: t('sessions.device'),
              render: (_, s) => `${s.device.name} · ${s.device.os} · ${s.device.app_version}`,
            },
            { title: 'IP', dataIndex: 'ip' },
            { title: t('sessions.source'), dataIndex: 'source_name' },
            {
              title: t('sessions.created'),
              render: (_, s) => <LocalTime iso={s.created_at} />,
            },
            {
              title: t('sessions.lastSeen'),
              render: (_, s) => <LocalTime iso={s.last_seen_at} />,
            },
            {
              title: t('sessions.status'),
              render: (_, s) => (
                <Tag color={s.status === 'active' ? 'green' : 'default'}>
                  {t(`sessions.${s.status}`)}
                  {s.revoked_reason ? ` · ${s.revoked_reason}` : ''}
                </Tag>
              ),
            },
            {
              title: '',
              render: (_, s) =>
                s.status === 'active' && (
                  <Space>
                    <Popconfirm
                      title={t('sessions.revokeConfirm')}
                      onConfirm={() =>
                        void act(async () => {
                          await api.post(`${base}/${s.id}/revoke`);
                          return 1;
                        })
                      }
                    >
                      <Button size="small" danger>
                        {t('sessions.revoke')}
                      </Button>
                    </Popconfirm>
                    <Popconfirm
                      title={t('sessions.revokeUserConfirm', { name: s.user_name ?? s.user_id })}
                      onConfirm={() =>
                        void act(
                          async () =>
                            (
                              await api.post<{ revoked: number }>(`${base}/revoke-user`, {
                                user_id: s.user_id,
                              })
                            ).revoked,
                        )
                      }
                    >
                      <Button size="small">{t('sessions.revokeUser')}</Button>
                    </Popconfirm>
                  </Space>
                ),
            },
          ]}
        />
      )}
      <Space style={{ marginTop: 12 }}>
        <Button disabled={cursors.length === 1} onClick={() => setCursors([null])}>
          {t('sessions.firstPage')}
        </Button>
        <Button
          disabled={!sessions.data?.next_cursor}
          onClick={() => {
            const next = sessions.data?.next_cursor;
            if (next) setCursors((c) => [...c, next]);
          }}
        >
          {t('sessions.nextPage')}
        </Button>
      </Space>
    </>
  );
}

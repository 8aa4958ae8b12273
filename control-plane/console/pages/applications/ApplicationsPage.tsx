// The tenant's applications: searched on the server, created and edited in a form that checks
// each address as the server will, deleted unless a policy still names them (the server's 409
// says which). Overlapping addresses between applications are flagged.
import { App, Button, Input, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useApi } from '../../app/session.tsx';
import { useTenantId } from '../../app/tenant.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useLoad } from '../../components/use-load.ts';
import { useMessages } from '../../i18n/messages.ts';
import { ApplicationForm } from './ApplicationForm.tsx';
import { applicationMessages } from './messages.ts';
import type { Application, ApplicationList } from './types.ts';

export default function ApplicationsPage() {
  const t = useMessages(applicationMessages);
  const api = useApi();
  const { message } = App.useApp();
  const tenantId = useTenantId();
  const base = `/tenants/${encodeURIComponent(tenantId)}/applications`;
  const [typed, setTyped] = useState('');
  const [q, setQ] = useState('');
  const [editing, setEditing] = useState<Application | null>(null);
  const [formOpen, setFormOpen] = useState(false);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    const timer = setTimeout(() => setQ(typed.trim()), 300);
    return () => clearTimeout(timer);
  }, [typed]);
  const list = useLoad(() => api.get<ApplicationList>(base, { q: q || undefined }), [api, base, q]);

  const remove = async (a: Application) => {
    try {
      await api.delete(`${base}/${encodeURIComponent(a.id)}`);
      void message.success(t('applications.deleted'));
      setError(null);
      list.reload();
    } catch (e) {
      setError(e);
    }
  };
  const overlaps = list.data?.warnings.overlaps ?? [];

  return (
    <>
      <PageHeader
        title={t('applications.title')}
        extra={
          <Button
            type="primary"
            onClick={() => {
              setEditing(null);
              setFormOpen(true);
            }}
          >
            {t('applications.add')}
          </Button>
        }
      />
      <Input.Search
        allowClear
        style={{ width: 320, marginBottom: 12 }}
        placeholder={t('applications.search')}
        aria-label={t('applications.search')}
        value={typed}
        onChange={(e) => setTyped(e.target.value)}
      />
      {error !== null && <ErrorAlert error={error} />}
      {overlaps.length > 0 && (
        <Typography.Paragraph type="warning">
          {t('applications.overlaps', {
            list: overlaps.map((o) => `${o.outer.app_id} ⊇ ${o.inner.app_id}`).join('; '),
          })}
        </Typography.Paragraph>
      )}
      {list.error ? (
        <ErrorAlert error={list.error} onRetry={list.reload} />
      ) : (
        <Table
          size="small"
          rowKey="id"
          loading={list.loading}
          pagination={false}
          dataSource={list.data?.items ?? []}
          locale={{ emptyText: t('applications.none') }}
          columns={[
            {
              title: t('applications.name'),
              render: (_, a) => (
                <Space>
                  <Typography.Text strong>{a.name}</Typography.Text>
                  {!a.enabled && <Tag>{t('applications.off')}</Tag>}
                </Space>
              ),
            },
            {
              title: t('applications.addresses'),
              render: (_, a) =>
                a.addresses.map((x) => `${x.host}:${x.ports}/${x.protocol}`).join(', '),
            },
            {
              title: t('applications.tags'),
              render: (_, a) => a.tags.map((tag) => <Tag key={tag}>{tag}</Tag>),
            },
            {
              title: '',
              render: (_, a) => (
                <Space>
                  <Button
                    size="small"
                    onClick={() => {
                      setEditing(a);
                      setFormOpen(true);
                    }}
                  >
                    {t('common.edit')}
                  </Button>
                  <Popconfirm
                    title={t('applications.deleteConfirm', { name: a.name })}
                    onConfirm={() => void remove(a)}
                  >
                    <Button size="small" danger>
                      {t('common.delete')}
                    </Button>
                  </Popconfirm>
                </Space>
              ),
            },
          ]}
        />
      )}
      <ApplicationForm
        base={base}
        editing={editing}
        open={formOpen}
        onClose={(saved) => {
          setFormOpen(false);
          if (saved) list.reload();
        }}
      />
    </>
  );
}

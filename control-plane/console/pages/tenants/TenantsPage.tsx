// Platform admins: every tenant (server-side search and paging), create one, open one.
import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Form, Input, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useApi } from '../../app/session.tsx';
import { rememberTenant, tenantPath } from '../../app/tenant.tsx';
import type { Tenant, TenantPage } from '../../api/types.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { FormDialog } from '../../components/FormDialog.tsx';
import { LocalTime } from '../../components/LocalTime.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { timeZoneOptions } from '../../components/time-zones.ts';
import { useLoad } from '../../components/use-load.ts';
import { useMessages } from '../../i18n/messages.ts';
import { tenantMessages } from './messages.ts';

const PAGE_SIZE = 20;

interface NewTenant {
  name: string;
  time_zone: string;
}

export default function TenantsPage() {
  const t = useMessages(tenantMessages);
  const api = useApi();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [page, setPage] = useState(1);
  const [q, setQ] = useState('');
  const [status, setStatus] = useState<'active' | 'suspended' | undefined>();
  const [creating, setCreating] = useState(false);
  const [form] = Form.useForm<NewTenant>();
  const list = useLoad(
    () => api.get<TenantPage>('/tenants', { page, page_size: PAGE_SIZE, q, status }),
    [api, page, q, status],
  );

  const open = (tenant: Tenant) => {
    rememberTenant(tenant.id);
    navigate(tenantPath(tenant.id, 'settings'));
  };

  const create = async (values: NewTenant) => {
    const tenant = await api.post<Tenant>('/tenants', values);
    void message.success(t('tenants.created', { name: tenant.name }));
    setCreating(false);
    form.resetFields();
    open(tenant);
  };

  return (
    <>
      <PageHeader
        title={t('tenants.title')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {t('tenants.create')}
          </Button>
        }
      />
      <Space style={{ marginBottom: 16 }} wrap>
        <Input.Search
          allowClear
          placeholder={t('tenants.searchPlaceholder')}
          aria-label={t('tenants.searchPlaceholder')}
          onSearch={(value) => {
            setPage(1);
            setQ(value.trim());
          }}
          style={{ width: 320 }}
        />
        <Select
          allowClear
          aria-label={t('tenants.status')}
          placeholder={t('tenants.allStatuses')}
          value={status}
          onChange={(v) => {
            setPage(1);
            setStatus(v);
          }}
          options={[
            { value: 'active', label: t('tenants.statusActive') },
            { value: 'suspended', label: t('tenants.statusSuspended') },
          ]}
          style={{ width: 160 }}
        />
      </Space>
      {list.error !== null && <ErrorAlert error={list.error} onRetry={list.reload} />}
      <Table<Tenant>
        rowKey="id"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: list.data?.total ?? 0,
          showSizeChanger: false,
          showTotal: (count) => t('tenants.total', { count }),
          onChange: setPage,
        }}
        columns={[
          {
            title: t('tenants.name'),
            dataIndex: 'name',
            render: (name: string, tenant) => (
              <Button type="link" onClick={() => open(tenant)} style={{ padding: 0 }}>
                {name}
              </Button>
            ),
          },
          {
            title: t('tenants.verificationId'),
            dataIndex: 'verification_id',
            render: (id: string) => <span className="gh-mono">{id}</span>,
          },
          {
            title: t('tenants.status'),
            dataIndex: 'status',
            render: (s: Tenant['status']) =>
              s === 'active' ? (
                <Tag color="green">{t('tenants.statusActive')}</Tag>
              ) : (
                <Tag color="orange">{t('tenants.statusSuspended')}</Tag>
              ),
          },
          { title: t('tenants.timeZone'), dataIndex: 'time_zone' },
          {
            title: t('tenants.createdAt'),
            dataIndex: 'created_at',
            render: (at: string) => <LocalTime iso={at} />,
          },
        ]}
      />
      <FormDialog<NewTenant>
        open={creating}
        title={t('tenants.create')}
        okText={t('common.create')}
        cancelText={t('common.cancel')}
        name="new-tenant"
        form={form}
        initialValues={{ time_zone: 'Asia/Shanghai' }}
        onSave={create}
        onCancel={() => setCreating(false)}
      >
        <Form.Item
          name="name"
          label={t('tenants.name')}
          extra={t('tenants.nameHint')}
          rules={[
            { required: true, whitespace: true, max: 100, message: t('tenants.nameRequired') },
          ]}
        >
          <Input data-testid="tenant-name" />
        </Form.Item>
        <Form.Item name="time_zone" label={t('tenants.timeZone')} extra={t('tenants.timeZoneHint')}>
          <Select showSearch options={timeZoneOptions()} aria-label={t('tenants.timeZone')} />
        </Form.Item>
      </FormDialog>
    </>
  );
}

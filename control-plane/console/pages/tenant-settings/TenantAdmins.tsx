// The tenant's administrators, and adding one (an initial password the person changes later).
import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Form, Input, Table, Tag } from 'antd';
import { useState } from 'react';
import { useApi } from '../../app/session.tsx';
import type { Admin, AdminPage } from '../../api/types.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { FormDialog } from '../../components/FormDialog.tsx';
import { LocalTime } from '../../components/LocalTime.tsx';
import { useLoad } from '../../components/use-load.ts';
import { useMessages } from '../../i18n/messages.ts';
import { tenantSettingsMessages } from './messages.ts';

const PAGE_SIZE = 20;

interface NewAdmin {
  email: string;
  name: string;
  password: string;
}

export function TenantAdmins(props: { tenantId: string }) {
  const t = useMessages(tenantSettingsMessages);
  const api = useApi();
  const { message } = App.useApp();
  const [page, setPage] = useState(1);
  const [adding, setAdding] = useState(false);
  const [form] = Form.useForm<NewAdmin>();
  const list = useLoad(
    () =>
      api.get<AdminPage>('/admins', {
        tenant_id: props.tenantId,
        role: 'tenant_admin',
        page,
        page_size: PAGE_SIZE,
      }),
    [api, props.tenantId, page],
  );

  const add = async (values: NewAdmin) => {
    const created = await api.post<Admin>('/admins', {
      ...values,
      email: values.email.trim(),
      role: 'tenant_admin',
      tenant_id: props.tenantId,
    });
    void message.success(t('tenantSettings.adminCreated', { email: created.email }));
    setAdding(false);
    form.resetFields();
    list.reload();
  };

  return (
    <Card
      title={t('tenantSettings.admins')}
      extra={
        <Button icon={<PlusOutlined />} onClick={() => setAdding(true)}>
          {t('tenantSettings.addAdmin')}
        </Button>
      }
    >
      {list.error !== null && <ErrorAlert error={list.error} onRetry={list.reload} />}
      <Table<Admin>
        rowKey="id"
        size="small"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: list.data?.total ?? 0,
          hideOnSinglePage: true,
          onChange: setPage,
        }}
        columns={[
          { title: t('tenantSettings.adminEmail'), dataIndex: 'email' },
          { title: t('tenantSettings.adminName'), dataIndex: 'name' },
          {
            title: t('tenantSettings.adminStatus'),
            dataIndex: 'status',
            render: (s: Admin['status']) =>
              s === 'active' ? (
                <Tag color="green">{t('tenantSettings.adminActive')}</Tag>
              ) : (
                <Tag>{t('tenantSettings.adminDisabled')}</Tag>
              ),
          },
          {
            title: t('tenantSettings.adminLastLogin'),
            dataIndex: 'last_login_at',
            render: (at: string | null) => <LocalTime iso={at} never={t('common.never')} />,
          },
        ]}
      />
      <FormDialog<NewAdmin>
        open={adding}
        title={t('tenantSettings.addAdmin')}
        okText={t('common.create')}
        cancelText={t('common.cancel')}
        name="new-admin"
        form={form}
        initialValues={{}}
        onSave={add}
        onCancel={() => setAdding(false)}
      >
        <Form.Item
          name="email"
          label={t('tenantSettings.adminEmail')}
          rules={[
            { required: true, type: 'email', message: t('tenantSettings.adminEmailInvalid') },
          ]}
        >
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="name"
          label={t('tenantSettings.adminName')}
          rules={[
            {
              required: true,
              whitespace: true,
              max: 100,
              message: t('tenantSettings.adminNameRequired'),
            },
          ]}
        >
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="password"
          label={t('tenantSettings.adminPassword')}
          extra={t('tenantSettings.adminPasswordHint')}
          rules={[
            { required: true, message: t('common.required') },
            { min: 12, message: t('tenantSettings.adminPasswordTooShort') },
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </FormDialog>
    </Card>
  );
}

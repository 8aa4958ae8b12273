// One tenant: its enterprise authentication identifier (copy, regenerate with a confirmation),
// name, status and time zone, and its administrators.
import { ReloadOutlined } from '@ant-design/icons';
import { App, Button, Card, Form, Input, Select, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useAdmin, useApi } from '../../app/session.tsx';
import { rememberTenant, useTenantId } from '../../app/tenant.tsx';
import type { Tenant } from '../../api/types.ts';
import { CopyButton } from '../../components/CopyButton.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { PageLoading } from '../../components/PageLoading.tsx';
import { timeZoneOptions } from '../../components/time-zones.ts';
import { useLoad } from '../../components/use-load.ts';
import { useMessages } from '../../i18n/messages.ts';
import { TenantAdmins } from './TenantAdmins.tsx';
import { tenantSettingsMessages } from './messages.ts';

type TenantForm = Pick<Tenant, 'name' | 'status' | 'time_zone'>;

export default function TenantSettingsPage() {
  const t = useMessages(tenantSettingsMessages);
  const api = useApi();
  const admin = useAdmin();
  const tenantId = useTenantId();
  const { message, modal } = App.useApp();
  const [form] = Form.useForm<TenantForm>();
  const [saveError, setSaveError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const loaded = useLoad(
    () => api.get<Tenant>(`/tenants/${encodeURIComponent(tenantId)}`),
    [api, tenantId],
  );
  const [tenant, setTenant] = useState<Tenant>();
  useEffect(() => {
    if (loaded.data) {
      setTenant(loaded.data);
      form.setFieldsValue(loaded.data);
      rememberTenant(loaded.data.id);
    }
  }, [loaded.data, form]);

  if (loaded.error) return <ErrorAlert error={loaded.error} onRetry={loaded.reload} />;
  if (!tenant) return <PageLoading />;

  const save = async (values: TenantForm) => {
    setSaving(true);
    setSaveError(null);
    try {
      const body =
        admin.role === 'platform_admin'
          ? values
          : { name: values.name, time_zone: values.time_zone };
      const next = await api.patch<Tenant>(`/tenants/${encodeURIComponent(tenantId)}`, body);
      setTenant(next);
      form.setFieldsValue(next);
      void message.success(t('tenantSettings.saved'));
    } catch (e) {
      setSaveError(e);
    } finally {
      setSaving(false);
    }
  };

  const regenerate = () =>
    modal.confirm({
      title: t('tenantSettings.regenerateTitle'),
      content: t('tenantSettings.regenerateBody'),
      okText: t('tenantSettings.regenerate'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          const next = await api.post<Tenant>(
            `/tenants/${encodeURIComponent(tenantId)}/verification-id`,
          );
          setTenant(next);
          void message.success(t('tenantSettings.regenerated'));
        } catch (e) {
          setSaveError(e);
        }
      },
    });

  return (
    <>
      <PageHeader title={`${t('tenantSettings.title')} · ${tenant.name}`} />
      <Space orientation="vertical" size="large" style={{ width: '100%' }}>
        <Card title={t('tenantSettings.verificationTitle')}>
          <Typography.Paragraph type="secondary">
            {t('tenantSettings.verificationHelp')}
          </Typography.Paragraph>
          <Space>
            <Typography.Text
              className="gh-mono"
              style={{ fontSize: 20 }}
              data-testid="verification-id"
            >
              {tenant.verification_id}
            </Typography.Text>
            <CopyButton
              value={tenant.verification_id}
              label={t('tenantSettings.copyId')}
              testId="copy-verification-id"
            />
            <Button icon={<ReloadOutlined />} danger onClick={regenerate}>
              {t('tenantSettings.regenerate')}
            </Button>
          </Space>
        </Card>
        <Card title={t('tenantSettings.general')}>
          {saveError !== null && (
            <div className="gh-form-error">
              <ErrorAlert error={saveError} />
            </div>
          )}
          <Form<TenantForm>
            name="tenant"
            form={form}
            layout="vertical"
            style={{ maxWidth: 480 }}
            onFinish={(v) => void save(v)}
          >
            <Form.Item
              name="name"
              label={t('tenantSettings.name')}
              rules={[
                {
                  required: true,
                  whitespace: true,
                  max: 100,
                  message: t('tenantSettings.nameRequired'),
                },
              ]}
            >
              <Input />
            </Form.Item>
            <Form.Item
              name="status"
              label={t('tenantSettings.status')}
              extra={t('tenantSettings.statusHint')}
            >
              <Select
                aria-label={t('tenantSettings.status')}
                disabled={admin.role !== 'platform_admin'}
                options={[
                  { value: 'active', label: t('tenantSettings.statusActive') },
                  { value: 'suspended', label: t('tenantSettings.statusSuspended') },
                ]}
              />
            </Form.Item>
            <Form.Item
              name="time_zone"
              label={t('tenantSettings.timeZone')}
              extra={t('tenantSettings.timeZoneHint')}
            >
              <Select
                showSearch
                aria-label={t('tenantSettings.timeZone')}
                options={timeZoneOptions()}
              />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={saving}>
              {t('common.save')}
            </Button>
          </Form>
        </Card>
        <TenantAdmins tenantId={tenantId} />
      </Space>
    </>
  );
}

// Change one's own password (the server checks the current one, strength and ends the other
// sessions). Reachable from the account menu.
import { App, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../app/session.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';

const MIN_PASSWORD_LENGTH = 12;

interface PasswordForm {
  current: string;
  next: string;
  repeat: string;
}

export default function PasswordPage() {
  const { t } = useTranslation();
  const api = useApi();
  const { message } = App.useApp();
  const [form] = Form.useForm<PasswordForm>();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (values: PasswordForm) => {
    setBusy(true);
    setError(null);
    try {
      await api.post('/auth/password', {
        current_password: values.current,
        new_password: values.next,
      });
      form.resetFields();
      void message.success(t('password.done'));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <PageHeader title={t('password.title')} />
      <Card style={{ maxWidth: 480 }}>
        <Typography.Paragraph type="secondary">{t('password.intro')}</Typography.Paragraph>
        {error !== null && (
          <div className="gh-form-error">
            <ErrorAlert error={error} />
          </div>
        )}
        <Form name="password" form={form} layout="vertical" onFinish={(v) => void submit(v)}>
          <Form.Item
            name="current"
            label={t('password.current')}
            rules={[{ required: true, message: t('common.required') }]}
          >
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Form.Item
            name="next"
            label={t('password.new')}
            extra={t('password.newHint')}
            rules={[
              { required: true, message: t('common.required') },
              { min: MIN_PASSWORD_LENGTH, message: t('password.newTooShort') },
            ]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Form.Item
            name="repeat"
            label={t('password.repeat')}
            dependencies={['next']}
            rules={[
              { required: true, message: t('common.required') },
              ({ getFieldValue }) => ({
                validator: (_, value) =>
                  !value || value === getFieldValue('next')
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('password.mismatch'))),
              }),
            ]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy}>
            {t('password.submit')}
          </Button>
        </Form>
      </Card>
    </>
  );
}

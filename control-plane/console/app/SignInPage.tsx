// Admin sign-in. Wrong password, lockout and rate limits come back as API errors with a code,
// shown translated with their fix; the form itself checks only what the server would refuse.
import { Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { LanguageSwitcher } from './LanguageSwitcher.tsx';
import { useSession } from './session.tsx';

interface Credentials {
  email: string;
  password: string;
}

export function SignInPage(props: { expired: boolean }) {
  const { t } = useTranslation();
  const { signIn } = useSession();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (values: Credentials) => {
    setBusy(true);
    setError(null);
    try {
      await signIn(values.email.trim(), values.password);
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };

  return (
    <main className="gh-sign-in">
      <div className="gh-sign-in-language">
        <LanguageSwitcher />
      </div>
      <Card className="gh-sign-in-card">
        <Typography.Title level={1} className="gh-sign-in-title">
          {t('signIn.title')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('signIn.intro')}</Typography.Paragraph>
        {props.expired && !error && (
          <Typography.Paragraph type="warning" role="status">
            {t('signIn.expired')}
          </Typography.Paragraph>
        )}
        {error !== null && (
          <div className="gh-form-error" data-testid="sign-in-error">
            <ErrorAlert error={error} />
          </div>
        )}
        <Form<Credentials>
          name="sign-in"
          layout="vertical"
          onFinish={(v) => void submit(v)}
          requiredMark={false}
        >
          <Form.Item
            name="email"
            label={t('signIn.email')}
            rules={[{ required: true, type: 'email', message: t('signIn.emailInvalid') }]}
          >
            <Input autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item
            name="password"
            label={t('signIn.password')}
            rules={[{ required: true, message: t('signIn.passwordRequired') }]}
          >
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>
            {t('signIn.submit')}
          </Button>
        </Form>
      </Card>
    </main>
  );
}

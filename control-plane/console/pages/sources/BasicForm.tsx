// Basic configuration of a source: name, description, App ID and the three secrets, QR sign-in.
// Creating needs the App Secret; editing shows each secret as set / not set and replaces it only
// when a new value is typed (secrets never come back from the API).
import { Alert, Button, Checkbox, Col, Collapse, Form, Input, Row, Switch, Typography } from 'antd';
import { useState } from 'react';
import type { Brand } from '../../../../shared/domain/identity-source.ts';
import type { CreateSourceBody, Source, UpdateSourceBody } from '../../api/types.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { useMessages } from '../../i18n/messages.ts';
import { sourceMessages } from './messages.ts';
import { PermissionTable, SetupPanel } from './SetupPanel.tsx';
import { validField } from './source-rules.ts';

interface BasicValues {
  name: string;
  description: string;
  app_id: string;
  app_secret: string;
  encrypt_key: string;
  verification_token: string;
  clear_encrypt_key: boolean;
  clear_verification_token: boolean;
  qr_login: boolean;
}

type SecretField = 'app_secret' | 'encrypt_key' | 'verification_token';

/** The body to send: create needs every field, update sends what changed and typed secrets. */
export function basicBody(
  values: BasicValues,
  brand: Brand,
  existing: Source | null,
): CreateSourceBody | UpdateSourceBody {
  const optionalSecret = (field: 'encrypt_key' | 'verification_token') => {
    const typed = values[field]?.trim();
    if (typed) return typed;
    if (existing && values[`clear_${field}`]) return null;
    return undefined;
  };
  const common = {
    name: values.name.trim(),
    description: (values.description ?? '').trim(),
    app_id: values.app_id.trim(),
    brand,
    qr_login: values.qr_login,
    encrypt_key: optionalSecret('encrypt_key'),
    verification_token: optionalSecret('verification_token'),
  };
  const secret = values.app_secret?.trim();
  if (!existing) return { ...common, app_secret: secret };
  return { ...common, ...(secret ? { app_secret: secret } : {}) };
}

export function BasicForm(props: {
  brand: Brand;
  source: Source | null;
  busy: boolean;
  error: unknown;
  submitLabel: string;
  onSubmit: (body: CreateSourceBody | UpdateSourceBody) => void;
}) {
  const t = useMessages(sourceMessages);
  const [form] = Form.useForm<BasicValues>();
  const brand = t(`sources.${props.brand}`);
  const existing = props.source;
  const [showAdvanced] = useState(
    existing ? existing.encrypt_key.set || existing.verification_token.set : false,
  );

  const secretRule = (field: SecretField, required: boolean) => ({
    validator: (_: unknown, value: string | undefined) => {
      const typed = value?.trim() ?? '';
      if (!typed)
        return required
          ? Promise.reject(new Error(t('sources.basic.secretRequired')))
          : Promise.resolve();
      return validField(field, typed)
        ? Promise.resolve()
        : Promise.reject(new Error(t('sources.basic.secretInvalid')));
    },
  });

  const secretExtra = (field: SecretField, hint: string) =>
    existing ? (
      <>
        <div>{hint}</div>
        <div>
          {t('sources.basic.secretState', {
            state: existing[field].set ? t('common.set') : t('common.notSet'),
          })}
          {' · '}
          {t('sources.basic.replaceHint')}
        </div>
      </>
    ) : (
      hint
    );

  const schemaRule = (field: 'name' | 'description' | 'app_id', message: string) => ({
    validator: (_: unknown, value: string | undefined) =>
      validField(field, field === 'description' ? (value ?? '') : (value ?? '').trim())
        ? Promise.resolve()
        : Promise.reject(new Error(message)),
  });

  return (
    <Row gutter={24}>
      <Col xs={24} xl={12}>
        <Typography.Paragraph>{t('sources.basic.intro', { brand })}</Typography.Paragraph>
        {props.error !== null && props.error !== undefined && (
          <div className="gh-form-error">
            <ErrorAlert error={props.error} />
          </div>
        )}
        <Form<BasicValues>
          name="source-basic"
          form={form}
          layout="vertical"
          initialValues={{
            name: existing?.name ?? '',
            description: existing?.description ?? '',
            app_id: existing?.app_id ?? '',
            qr_login: existing?.qr_login ?? true,
            clear_encrypt_key: false,
            clear_verification_token: false,
          }}
          onFinish={(values) => props.onSubmit(basicBody(values, props.brand, existing))}
        >
          <Form.Item
            name="name"
            label={t('sources.basic.name')}
            extra={t('sources.basic.nameHint')}
            rules={[schemaRule('name', t('sources.basic.nameInvalid'))]}
          >
            <Input data-testid="source-name" />
          </Form.Item>
          <Form.Item
            name="description"
            label={t('sources.basic.description')}
            extra={t('sources.basic.descriptionHint')}
            rules={[schemaRule('description', t('sources.basic.descriptionInvalid'))]}
          >
            <Input data-testid="source-description" />
          </Form.Item>
          <Form.Item
            name="app_id"
            label={t('sources.basic.appId')}
            extra={t('sources.basic.appIdHint')}
            rules={[schemaRule('app_id', t('sources.basic.appIdInvalid'))]}
          >
            <Input className="gh-mono" autoComplete="off" data-testid="source-app-id" />
          </Form.Item>
          <Form.Item
            name="app_secret"
            label={t('sources.basic.appSecret')}
            extra={secretExtra('app_secret', t('sources.basic.appSecretHint'))}
            rules={[secretRule('app_secret', !existing)]}
          >
            <Input.Password autoComplete="new-password" data-testid="source-app-secret" />
          </Form.Item>
          <Collapse
            defaultActiveKey={showAdvanced ? ['advanced'] : []}
            style={{ marginBottom: 16 }}
            items={[
              {
                key: 'advanced',
                label: t('sources.basic.advanced'),
                forceRender: true,
                children: (
                  <>
                    {(['encrypt_key', 'verification_token'] as const).map((field) => (
                      <div key={field}>
                        <Form.Item
                          name={field}
                          label={t(
                            field === 'encrypt_key'
                              ? 'sources.basic.encryptKey'
                              : 'sources.basic.verificationToken',
                          )}
                          extra={secretExtra(
                            field,
                            t(
                              field === 'encrypt_key'
                                ? 'sources.basic.encryptKeyHint'
                                : 'sources.basic.verificationTokenHint',
                            ),
                          )}
                          rules={[secretRule(field, false)]}
                        >
                          <Input.Password
                            autoComplete="new-password"
                            data-testid={`source-${field.replace('_', '-')}`}
                          />
                        </Form.Item>
                        {existing?.[field].set && (
                          <Form.Item name={`clear_${field}`} valuePropName="checked">
                            <Checkbox>{t('sources.basic.clear')}</Checkbox>
                          </Form.Item>
                        )}
                      </div>
                    ))}
                  </>
                ),
              },
            ]}
          />
          <Form.Item name="qr_login" label={t('sources.basic.qrLogin')} valuePropName="checked">
            <Switch />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={props.busy} data-testid="basic-submit">
            {props.submitLabel}
          </Button>
        </Form>
      </Col>
      <Col xs={24} xl={12}>
        {existing && existing.connectivity.status === 'failed' && (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 16 }}
            title={t('sources.test.failed')}
          />
        )}
        <SetupPanel brand={props.brand} source={existing} />
      </Col>
      <Col span={24} style={{ marginTop: 16 }}>
        <PermissionTable />
      </Col>
    </Row>
  );
}

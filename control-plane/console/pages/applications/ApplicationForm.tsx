// Creating or editing one application: name, description, portal URL, tags and its addresses,
// each address checked in the browser with the same parsers the server uses (host pattern,
// port list) and explained in the console's language; the server's refusal, if any, is shown
// with its code.
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Form, Input, Select, Space, Switch } from 'antd';
import { parseHostPattern } from '../../../../shared/domain/policy/host.ts';
import { parsePortSpec, PROTOCOLS } from '../../../../shared/domain/policy/ports.ts';
import { useApi } from '../../app/session.tsx';
import { FormDialog } from '../../components/FormDialog.tsx';
import { useMessages } from '../../i18n/messages.ts';
import { applicationMessages } from './messages.ts';
import type { Application, ApplicationBody } from './types.ts';

const TAG = /^[\p{L}\p{N}][\p{L}\p{N}_.:/-]{0,63}$/u;

interface Values {
  name: string;
  description?: string;
  enabled: boolean;
  portal_url?: string;
  tags: string[];
  addresses: { host: string; ports: string; protocol: (typeof PROTOCOLS)[number] }[];
}

export function ApplicationForm(props: {
  base: string;
  editing: Application | null;
  open: boolean;
  onClose: (saved: boolean) => void;
}) {
  const t = useMessages(applicationMessages);
  const api = useApi();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const a = props.editing;

  const submit = async (v: Values) => {
    const body: ApplicationBody = {
      name: v.name.trim(),
      description: v.description?.trim() ?? '',
      enabled: v.enabled,
      tags: v.tags,
      addresses: v.addresses.map((x) => ({
        host: x.host.trim(),
        ports: x.ports.trim() || '*',
        protocol: x.protocol,
      })),
      ...(v.portal_url?.trim() ? { portal_url: v.portal_url.trim() } : {}),
      ...(a?.icon ? { icon: a.icon } : {}),
    };
    if (a) await api.put(`${props.base}/${encodeURIComponent(a.id)}`, body);
    else await api.post(props.base, body);
    void message.success(t('applications.saved'));
    props.onClose(true);
  };

  return (
    <FormDialog<Values>
      open={props.open}
      title={a ? t('applications.editTitle', { name: a.name }) : t('applications.addTitle')}
      width={720}
      form={form}
      onSave={submit}
      onCancel={() => props.onClose(false)}
      initialValues={{
        name: a?.name ?? '',
        description: a?.description ?? '',
        enabled: a?.enabled ?? true,
        portal_url: a?.portal_url ?? '',
        tags: a?.tags ?? [],
        addresses: a?.addresses ?? [{ host: '', ports: '443', protocol: 'tcp' }],
      }}
    >
      <Form.Item
        name="name"
        label={t('applications.name')}
        rules={[{ required: true, whitespace: true, message: t('applications.rules.name') }]}
      >
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item name="description" label={t('applications.description')}>
        <Input.TextArea maxLength={2000} rows={2} />
      </Form.Item>
      <Form.Item
        name="portal_url"
        label={t('applications.portalUrl')}
        rules={[
          {
            validator: async (_, v: string | undefined) => {
              if (v && !/^https?:\/\/[^\s]+$/i.test(v.trim()))
                throw new Error(t('applications.rules.url'));
            },
          },
        ]}
      >
        <Input placeholder="https://app.corp.example/" />
      </Form.Item>
      <Form.Item
        name="tags"
        label={t('applications.tags')}
        rules={[
          {
            validator: async (_, v: string[] | undefined) => {
              if ((v ?? []).some((tag) => !TAG.test(tag)))
                throw new Error(t('applications.rules.tag'));
            },
          },
        ]}
      >
        <Select mode="tags" tokenSeparators={[',', ' ']} open={false} />
      </Form.Item>
      <Form.Item name="enabled" label={t('applications.enabled')} valuePropName="checked">
        <Switch />
      </Form.Item>
      <Form.List name="addresses">
        {(fields, { add, remove }) => (
          <fieldset>
            <legend>{t('applications.addresses')}</legend>
            {fields.map((field) => (
              <Space key={field.key} align="start" wrap>
                <Form.Item
                  name={[field.name, 'host']}
                  label={t('applications.host')}
                  rules={[
                    {
                      validator: async (_, v: string | undefined) => {
                        if (!v?.trim() || 'error' in parseHostPattern(v.trim()))
                          throw new Error(t('applications.rules.host'));
                      },
                    },
                  ]}
                >
                  <Input style={{ width: 260 }} placeholder="app.corp.example" />
                </Form.Item>
                <Form.Item
                  name={[field.name, 'ports']}
                  label={t('applications.ports')}
                  rules={[
                    {
                      validator: async (_, v: string | undefined) => {
                        if ('error' in parsePortSpec(v?.trim() || '*'))
                          throw new Error(t('applications.rules.ports'));
                      },
                    },
                  ]}
                >
                  <Input style={{ width: 140 }} placeholder="443" />
                </Form.Item>
                <Form.Item name={[field.name, 'protocol']} label={t('applications.protocol')}>
                  <Select
                    style={{ width: 100 }}
                    options={PROTOCOLS.map((p) => ({ value: p, label: p }))}
                  />
                </Form.Item>
                <Button
                  type="text"
                  icon={<MinusCircleOutlined />}
                  aria-label={t('applications.removeAddress')}
                  onClick={() => remove(field.name)}
                  style={{ marginTop: 30 }}
                />
              </Space>
            ))}
            <Button
              icon={<PlusOutlined />}
              onClick={() => add({ host: '', ports: '443', protocol: 'tcp' })}
            >
              {t('applications.addAddress')}
            </Button>
          </fieldset>
        )}
      </Form.List>
    </FormDialog>
  );
}

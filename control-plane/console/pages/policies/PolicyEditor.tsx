// Creating or editing one policy: name, effect, priority, who it is for (everyone, departments
// with or without their sub-departments, users, attribute rules with operators), which
// applications, and on which platforms. Departments and users are found by name in the synced
// directory; saving sends the whole policy (PUT replaces it), and the server's answer (unknown
// departments or users named, overlapping warnings) is shown with its code.
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Form, Input, InputNumber, Radio, Select, Space, Switch } from 'antd';
import { useEffect, useState } from 'react';
import {
  LIST_OPERATORS,
  PRESENCE_OPERATORS,
  VALUE_OPERATORS,
} from '../../../../shared/domain/policy/attributes.ts';
import { useApi } from '../../app/session.tsx';
import type { SourcePage } from '../../api/types.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { FormDialog } from '../../components/FormDialog.tsx';
import { useMessages } from '../../i18n/messages.ts';
import type { DepartmentList, UserPage } from '../directory/types.ts';
import { policyMessages } from './messages.ts';
import type { ApplicationList, Policy } from './types.ts';

type Operator =
  | (typeof VALUE_OPERATORS)[number]
  | (typeof LIST_OPERATORS)[number]
  | (typeof PRESENCE_OPERATORS)[number];
const OPERATORS: Operator[] = [...VALUE_OPERATORS, ...LIST_OPERATORS, ...PRESENCE_OPERATORS];
const KEY = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;

interface Option {
  value: string;
  label: string;
}

interface Values {
  name: string;
  description?: string;
  action: 'allow' | 'deny';
  priority: number;
  enabled: boolean;
  all_users: boolean;
  departments: Option[];
  include_sub: boolean;
  users: Option[];
  rules: { key: string; op: Operator; value?: string }[];
  all_applications: boolean;
  applications: string[];
  platforms: ('windows' | 'macos' | 'linux')[];
}

/** A Select that asks the server as the admin types (departments or users by name). */
function useFinder(find: (q: string) => Promise<Option[]>) {
  const [typed, setTyped] = useState('');
  const [options, setOptions] = useState<Option[]>([]);
  useEffect(() => {
    const q = typed.trim();
    if (!q) return;
    let live = true;
    const timer = setTimeout(() => {
      find(q).then(
        (found) => live && setOptions(found),
        () => live && setOptions([]),
      );
    }, 250);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [typed, find]);
  return { options, onSearch: setTyped };
}

export function PolicyEditor(props: {
  tenantId: string;
  editing: Policy | null;
  nextPriority: number;
  applications: ApplicationList['items'];
  open: boolean;
  onClose: (saved: boolean) => void;
}) {
  const t = useMessages(policyMessages);
  const api = useApi();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [sources, setSources] = useState<string[]>([]);
  // Without the sources the department and user finders find nothing: say why.
  const [sourcesError, setSourcesError] = useState<unknown>(null);
  const tenant = `/tenants/${encodeURIComponent(props.tenantId)}`;
  const p = props.editing;

  useEffect(() => {
    api.get<SourcePage>(`${tenant}/identity-sources`, { page_size: 200 }).then(
      (page) => setSources(page.items.map((s) => s.id)),
      (e: unknown) => setSourcesError(e),
    );
  }, [api, tenant]);

  const departments = useFinder(async (q) => {
    const pages = await Promise.all(
      sources.map((id) =>
        api.get<DepartmentList>(`${tenant}/identity-sources/${id}/directory/departments`, {
          q,
          limit: 20,
        }),
      ),
    );
    return pages.flatMap((page) =>
      page.items.map((d) => ({
        value: d.open_department_id,
        label: (d.breadcrumb ?? []).map((b) => b.name).join(' / ') || d.name,
      })),
    );
  });
  const users = useFinder(async (q) => {
    const pages = await Promise.all(
      sources.map((id) =>
        api.get<UserPage>(`${tenant}/identity-sources/${id}/directory/users`, { q, page_size: 20 }),
      ),
    );
    return pages.flatMap((page) =>
      page.items.map((u) => ({ value: u.id, label: `${u.name}${u.email ? ` <${u.email}>` : ''}` })),
    );
  });

  const submit = async (v: Values) => {
    const body = {
      name: v.name.trim(),
      description: v.description?.trim() ?? '',
      action: v.action,
      priority: v.priority,
      enabled: v.enabled,
      subjects: {
        all_users: v.all_users,
        departments: v.all_users
          ? []
          : v.departments.map((d) => ({ id: d.value, include_sub_departments: v.include_sub })),
        users: v.all_users ? [] : v.users.map((u) => u.value),
        attributes: v.rules.map((r) =>
          (PRESENCE_OPERATORS as readonly string[]).includes(r.op)
            ? { key: r.key.trim(), op: r.op }
            : (LIST_OPERATORS as readonly string[]).includes(r.op)
              ? {
                  key: r.key.trim(),
                  op: r.op,
                  values: (r.value ?? '')
                    .split(',')
                    .map((x) => x.trim())
                    .filter(Boolean),
                }
              : { key: r.key.trim(), op: r.op, value: r.value ?? '' },
        ),
      },
      resources: v.all_applications ? { all_applications: true } : { applications: v.applications },
      ...(v.platforms.length ? { conditions: { platforms: v.platforms } } : {}),
    };
    if (p) await api.put(`${tenant}/policies/${encodeURIComponent(p.id)}`, body);
    else await api.post(`${tenant}/policies`, body);
    void message.success(t('policies.editor.saved'));
    props.onClose(true);
  };

  return (
    <FormDialog<Values>
      open={props.open}
      title={p ? t('policies.editor.editTitle', { name: p.name }) : t('policies.editor.addTitle')}
      width={760}
      form={form}
      onSave={submit}
      onCancel={() => props.onClose(false)}
      initialValues={{
        name: p?.name ?? '',
        description: p?.description ?? '',
        action: p?.action ?? 'allow',
        priority: p?.priority ?? props.nextPriority,
        enabled: p?.enabled ?? true,
        all_users: p?.subjects.all_users ?? false,
        departments: (p?.subjects.departments ?? []).map((d) => ({ value: d.id, label: d.id })),
        include_sub: p?.subjects.departments[0]?.include_sub_departments ?? true,
        users: (p?.subjects.users ?? []).map((u) => ({ value: u, label: u })),
        rules: (p?.subjects.attributes ?? []).map((r) => ({
          key: r.key,
          op: r.op,
          value: 'value' in r ? r.value : 'values' in r ? r.values.join(', ') : undefined,
        })),
        all_applications: p?.resources.all_applications ?? false,
        applications: p?.resources.applications ?? [],
        platforms: p?.conditions?.platforms ?? [],
      }}
    >
      {sourcesError !== null && <ErrorAlert error={sourcesError} />}
      <Form.Item
        name="name"
        label={t('policies.name')}
        rules={[{ required: true, whitespace: true, message: t('policies.editor.rules.name') }]}
      >
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item name="description" label={t('policies.editor.description')}>
        <Input.TextArea maxLength={2000} rows={2} />
      </Form.Item>
      <Space wrap size="large">
        <Form.Item name="action" label={t('policies.action')}>
          <Radio.Group
            options={[
              { value: 'allow', label: t('policies.allow') },
              { value: 'deny', label: t('policies.deny') },
            ]}
          />
        </Form.Item>
        <Form.Item name="priority" label={t('policies.priority')}>
          <InputNumber min={0} max={1_000_000} />
        </Form.Item>
        <Form.Item name="enabled" label={t('policies.enabled')} valuePropName="checked">
          <Switch />
        </Form.Item>
      </Space>
      <Form.Item name="all_users" valuePropName="checked" label={t('policies.editor.allUsers')}>
        <Switch />
      </Form.Item>
      <Form.Item noStyle shouldUpdate={(a, b) => a.all_users !== b.all_users}>
        {({ getFieldValue }) =>
          !getFieldValue('all_users') && (
            <>
              <Form.Item name="departments" label={t('policies.editor.departments')}>
                <Select
                  mode="multiple"
                  labelInValue
                  showSearch={{ filterOption: false, onSearch: departments.onSearch }}
                  placeholder={t('policies.editor.findDepartment')}
                  options={departments.options}
                />
              </Form.Item>
              <Form.Item
                name="include_sub"
                valuePropName="checked"
                label={t('policies.editor.includeSub')}
              >
                <Switch />
              </Form.Item>
              <Form.Item name="users" label={t('policies.editor.usersLabel')}>
                <Select
                  mode="multiple"
                  labelInValue
                  showSearch={{ filterOption: false, onSearch: users.onSearch }}
                  placeholder={t('policies.editor.findUser')}
                  options={users.options}
                />
              </Form.Item>
            </>
          )
        }
      </Form.Item>
      <Form.List name="rules">
        {(fields, { add, remove }) => (
          <fieldset>
            <legend>{t('policies.editor.attributeRules')}</legend>
            {fields.map((field) => (
              <Space key={field.key} align="start" wrap>
                <Form.Item
                  name={[field.name, 'key']}
                  label={t('policies.editor.key')}
                  rules={[
                    {
                      validator: async (_, v: string | undefined) => {
                        if (!KEY.test(v?.trim() ?? ''))
                          throw new Error(t('policies.editor.rules.key'));
                      },
                    },
                  ]}
                >
                  <Input style={{ width: 160 }} placeholder="job_title" />
                </Form.Item>
                <Form.Item name={[field.name, 'op']} label={t('policies.editor.operator')}>
                  <Select
                    style={{ width: 170 }}
                    options={OPERATORS.map((op) => ({
                      value: op,
                      label: t(`policies.editor.ops.${op}`),
                    }))}
                  />
                </Form.Item>
                <Form.Item name={[field.name, 'value']} label={t('policies.editor.value')}>
                  <Input style={{ width: 220 }} />
                </Form.Item>
                <Button
                  type="text"
                  icon={<MinusCircleOutlined />}
                  aria-label={t('policies.editor.removeRule')}
                  onClick={() => remove(field.name)}
                  style={{ marginTop: 30 }}
                />
              </Space>
            ))}
            <Button icon={<PlusOutlined />} onClick={() => add({ key: '', op: 'eq', value: '' })}>
              {t('policies.editor.addRule')}
            </Button>
          </fieldset>
        )}
      </Form.List>
      <Form.Item
        name="all_applications"
        valuePropName="checked"
        label={t('policies.editor.allApplications')}
        style={{ marginTop: 16 }}
      >
        <Switch />
      </Form.Item>
      <Form.Item noStyle shouldUpdate={(a, b) => a.all_applications !== b.all_applications}>
        {({ getFieldValue }) =>
          !getFieldValue('all_applications') && (
            <Form.Item
              name="applications"
              label={t('policies.editor.applications')}
              rules={[
                {
                  validator: async (_, v: string[] | undefined) => {
                    if (!v?.length) throw new Error(t('policies.editor.rules.resources'));
                  },
                },
              ]}
            >
              <Select
                mode="multiple"
                optionFilterProp="label"
                options={props.applications.map((a) => ({ value: a.id, label: a.name }))}
              />
            </Form.Item>
          )
        }
      </Form.Item>
      <Form.Item name="platforms" label={t('policies.editor.platforms')}>
        <Select
          mode="multiple"
          options={[
            { value: 'windows', label: 'Windows' },
            { value: 'macos', label: 'macOS' },
            { value: 'linux', label: 'Linux' },
          ]}
        />
      </Form.Item>
    </FormDialog>
  );
}

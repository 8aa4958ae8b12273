// The field mapping table: each row fills a Gatehouse account field from a Feishu/Lark field;
// extended fields add Feishu custom attributes and free Gatehouse attributes. Problems are
// listed under the table in the console's language (the server checks the same rules).
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, AutoComplete, Button, Form, Select, Space, Switch, Table, Typography } from 'antd';
import { useState } from 'react';
import {
  ACCOUNT_FIELDS,
  FEISHU_USER_FIELDS,
  MATCHABLE_ACCOUNT_FIELDS,
  type FieldMapping,
} from '../../../../shared/domain/identity-source.ts';
import { useMessages } from '../../i18n/messages.ts';
import { sourceMessages } from './messages.ts';
import { isAccountField, isFeishuField, mappingProblems } from './source-rules.ts';

export function FieldMappingEditor(props: { brand: string; mapping: FieldMapping | undefined }) {
  const t = useMessages(sourceMessages);
  const [extended, setExtended] = useState(
    () =>
      props.mapping?.attributes.some(
        (a) => a.from.startsWith('custom_attrs.') || a.to.startsWith('attributes.'),
      ) ?? false,
  );
  const label = (field: string) => {
    const key = `sources.fields.${field}`;
    const text = t(key);
    return text === key ? field : `${text} · ${field}`;
  };
  const fromOptions: { value: string; label: string }[] = FEISHU_USER_FIELDS.map((f) => ({
    value: f,
    label: label(f),
  }));
  const toOptions: { value: string; label: string }[] = ACCOUNT_FIELDS.map((f) => ({
    value: f,
    label: label(f),
  }));
  const problems = props.mapping ? mappingProblems(props.mapping) : [];

  const fieldInput = (kind: 'from' | 'to', rowLabel: string) =>
    extended ? (
      <AutoComplete
        aria-label={rowLabel}
        options={kind === 'from' ? fromOptions : toOptions}
        placeholder={t(kind === 'from' ? 'sources.sync.customFrom' : 'sources.sync.customTo')}
        filterOption={(input, option) => String(option?.value).includes(input)}
        style={{ width: '100%' }}
      />
    ) : (
      <Select
        aria-label={rowLabel}
        showSearch
        options={kind === 'from' ? fromOptions : toOptions}
        style={{ width: '100%' }}
      />
    );

  const problemText = problems.map((p) => {
    switch (p.kind) {
      case 'badFrom':
        return `#${p.row + 1}: ${t('sources.sync.badFrom', { brand: props.brand })}`;
      case 'badTo':
        return `#${p.row + 1}: ${t('sources.sync.badTo')}`;
      case 'mappedTwice':
        return `#${p.row + 1}: ${t('sources.sync.mappedTwice', { field: p.field })}`;
      case 'usernameRequired':
        return t('sources.sync.usernameRequired');
      case 'matchingInconsistent':
        return t('sources.sync.matchingInconsistent', p);
    }
  });

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Text type="secondary">
          {t('sources.sync.mappingIntro', { brand: props.brand })}
        </Typography.Text>
        <Space>
          <Switch
            checked={extended}
            onChange={setExtended}
            aria-label={t('sources.sync.extended')}
            data-testid="extended-fields"
          />
          <span>{t('sources.sync.extended')}</span>
        </Space>
      </Space>
      {extended && (
        <Typography.Text type="secondary">
          {t('sources.sync.extendedHint', { brand: props.brand })}
        </Typography.Text>
      )}
      <Form.List name={['field_mapping', 'attributes']}>
        {(rows, { add, remove }) => (
          <>
            <Table
              size="small"
              pagination={false}
              rowKey="key"
              dataSource={rows}
              data-testid="field-mapping"
              columns={[
                {
                  title: t('sources.sync.from', { brand: props.brand }),
                  render: (_, row, i) => (
                    <Form.Item
                      name={[row.name, 'from']}
                      noStyle
                      rules={[
                        {
                          validator: (_r, v: string) =>
                            isFeishuField(v ?? '')
                              ? Promise.resolve()
                              : Promise.reject(
                                  new Error(t('sources.sync.badFrom', { brand: props.brand })),
                                ),
                        },
                      ]}
                    >
                      {fieldInput(
                        'from',
                        `${t('sources.sync.from', { brand: props.brand })} #${i + 1}`,
                      )}
                    </Form.Item>
                  ),
                },
                {
                  title: t('sources.sync.to'),
                  render: (_, row, i) => (
                    <Form.Item
                      name={[row.name, 'to']}
                      noStyle
                      rules={[
                        {
                          validator: (_r, v: string) =>
                            isAccountField(v ?? '')
                              ? Promise.resolve()
                              : Promise.reject(new Error(t('sources.sync.badTo'))),
                        },
                      ]}
                    >
                      {fieldInput('to', `${t('sources.sync.to')} #${i + 1}`)}
                    </Form.Item>
                  ),
                },
                {
                  title: t('common.actions'),
                  width: 80,
                  render: (_, row) => (
                    <Button
                      icon={<DeleteOutlined />}
                      aria-label={t('sources.sync.removeMapping')}
                      onClick={() => remove(row.name)}
                    />
                  ),
                },
              ]}
            />
            <Button
              icon={<PlusOutlined />}
              onClick={() =>
                add({ from: extended ? '' : 'name', to: extended ? '' : 'display_name' })
              }
            >
              {t('sources.sync.addMapping')}
            </Button>
          </>
        )}
      </Form.List>
      {problemText.length > 0 && (
        <Alert
          type="error"
          showIcon
          data-testid="mapping-problems"
          title={
            <ul style={{ margin: 0, paddingInlineStart: 16 }}>
              {problemText.map((text) => (
                <li key={text}>{text}</li>
              ))}
            </ul>
          }
        />
      )}
      <Typography.Text strong>{t('sources.sync.matching')}</Typography.Text>
      <Typography.Text type="secondary">{t('sources.sync.matchingHint')}</Typography.Text>
      <Space wrap>
        <Form.Item
          name={['field_mapping', 'matching', 'account_field']}
          label={t('sources.sync.accountField')}
        >
          <Select
            style={{ width: 220 }}
            options={MATCHABLE_ACCOUNT_FIELDS.map((f) => ({ value: f, label: label(f) }))}
          />
        </Form.Item>
        <span aria-hidden>=</span>
        <Form.Item
          name={['field_mapping', 'matching', 'feishu_field']}
          label={t('sources.sync.feishuField', { brand: props.brand })}
        >
          <Select style={{ width: 260 }} showSearch options={fromOptions} />
        </Form.Item>
      </Space>
    </Space>
  );
}

// What the admin copies into the Feishu/Lark developer console: the Redirect URL, the event
// Request URL (known once the source is saved) and the permissions, with the batch-import JSON.
import { Alert, Card, Descriptions, Space, Table, Tag, Typography } from 'antd';
import type { Brand } from '../../../../shared/domain/identity-source.ts';
import type { Source } from '../../api/types.ts';
import { CopyButton } from '../../components/CopyButton.tsx';
import { useMessages } from '../../i18n/messages.ts';
import { useLanguage } from '../../i18n/use-language.ts';
import { sourceMessages } from './messages.ts';
import { PERMISSIONS, type PermissionSpec } from '../../../../shared/domain/feishu-permissions.ts';
import { batchImportJson } from './permission-table.ts';

export function SetupPanel(props: {
  brand: Brand;
  source: Source | null;
  /** The permission table too (else the caller places it). */
  withPermissions?: boolean;
}) {
  const t = useMessages(sourceMessages);
  const brand = t(`sources.${props.brand}`);
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card size="small" title={t('sources.setup.title', { brand })}>
        {props.source ? (
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t('sources.setup.redirectUrl')}>
              <UrlLine
                value={props.source.redirect_url}
                hint={t('sources.setup.redirectUrlHint')}
                copyLabel={t('sources.setup.copyRedirect')}
                testId="copy-redirect-url"
              />
            </Descriptions.Item>
            <Descriptions.Item label={t('sources.setup.requestUrl')}>
              <UrlLine
                value={props.source.event_request_url}
                hint={t('sources.setup.requestUrlHint')}
                copyLabel={t('sources.setup.copyRequest')}
                testId="copy-request-url"
              />
            </Descriptions.Item>
          </Descriptions>
        ) : (
          <Alert type="info" showIcon title={t('sources.setup.afterSave')} />
        )}
      </Card>
      {props.withPermissions && <PermissionTable />}
    </Space>
  );
}

function UrlLine(props: { value: string; hint: string; copyLabel: string; testId: string }) {
  return (
    <Space orientation="vertical" size={2} style={{ width: '100%' }}>
      <Space>
        <Typography.Text className="gh-mono" data-testid={`${props.testId}-value`}>
          {props.value}
        </Typography.Text>
        <CopyButton value={props.value} label={props.copyLabel} testId={props.testId} />
      </Space>
      <Typography.Text type="secondary">{props.hint}</Typography.Text>
    </Space>
  );
}

export function PermissionTable() {
  const t = useMessages(sourceMessages);
  const language = useLanguage();
  return (
    <Card
      size="small"
      title={t('sources.setup.permissions')}
      extra={
        <CopyButton
          value={batchImportJson()}
          label={t('sources.setup.copyScopes')}
          testId="copy-scopes-json"
        />
      }
    >
      <Typography.Paragraph type="secondary">
        {t('sources.setup.permissionsIntro')}
      </Typography.Paragraph>
      <Table<PermissionSpec>
        rowKey="scope"
        size="small"
        pagination={false}
        dataSource={PERMISSIONS}
        columns={[
          {
            title: t('sources.setup.scope'),
            dataIndex: 'scope',
            render: (scope: string) => <span className="gh-mono">{scope}</span>,
          },
          {
            title: t('sources.setup.scopeTitle'),
            render: (_, p) => p.title[language],
          },
          { title: t('sources.setup.needFor'), render: (_, p) => p.needFor[language] },
          {
            title: t('sources.setup.required'),
            dataIndex: 'required',
            render: (required: boolean) =>
              required ? (
                <Tag color="red">{t('sources.setup.required')}</Tag>
              ) : (
                <Tag>{t('sources.setup.optional')}</Tag>
              ),
          },
        ]}
      />
    </Card>
  );
}

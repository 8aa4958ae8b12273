// The connectivity test: every check with its status, each missing permission with how to fix
// it (from the API's answer, in the console's language), the contact range and the app's name.
import {
  CheckCircleTwoTone,
  CloseCircleTwoTone,
  MinusCircleOutlined,
  WarningTwoTone,
} from '@ant-design/icons';
import { Alert, Button, Card, List, Space, Spin, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useApi } from '../../app/session.tsx';
import type { ConnectivityAnswer, Source } from '../../api/types.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { useMessages } from '../../i18n/messages.ts';
import { useLanguage } from '../../i18n/use-language.ts';
import { sourceMessages } from './messages.ts';

type Check = ConnectivityAnswer['checks'][number];

const STATUS_ICON: Record<Check['status'], React.ReactNode> = {
  passed: <CheckCircleTwoTone twoToneColor="#389e0d" />,
  failed: <CloseCircleTwoTone twoToneColor="#cf1322" />,
  warning: <WarningTwoTone twoToneColor="#d48806" />,
  skipped: <MinusCircleOutlined />,
};

export function ConnectivityPanel(props: {
  source: Source;
  answer: ConnectivityAnswer | null;
  onAnswer: (answer: ConnectivityAnswer) => void;
  onFix?: () => void;
}) {
  const t = useMessages(sourceMessages);
  const language = useLanguage();
  const api = useApi();
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const brand = t(`sources.${props.source.brand}`);
  const answer = props.answer;

  const run = async () => {
    setRunning(true);
    setError(null);
    try {
      props.onAnswer(
        await api.post<ConnectivityAnswer>(
          `/tenants/${props.source.tenant_id}/identity-sources/${props.source.id}/connectivity-test`,
        ),
      );
    } catch (e) {
      setError(e);
    } finally {
      setRunning(false);
    }
  };

  const statusWord = (s: Check['status']) =>
    t(`sources.test.status${s[0]!.toUpperCase()}${s.slice(1)}`);

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space>
        <Button
          type="primary"
          onClick={() => void run()}
          loading={running}
          data-testid="run-connectivity-test"
        >
          {answer ? t('sources.test.rerun') : t('sources.test.run')}
        </Button>
        {props.onFix && <Button onClick={props.onFix}>{t('sources.test.fixCredentials')}</Button>}
      </Space>
      {running && (
        <Space>
          <Spin size="small" />
          <Typography.Text>{t('sources.test.running', { brand })}</Typography.Text>
        </Space>
      )}
      {error !== null && <ErrorAlert error={error} />}
      {answer && !running && (
        <>
          <Alert
            type={answer.status === 'passed' ? 'success' : 'error'}
            showIcon
            data-testid="connectivity-result"
            title={answer.status === 'passed' ? t('sources.test.passed') : t('sources.test.failed')}
            description={
              <Space orientation="vertical" size={0}>
                <span>{t('sources.test.host', { host: answer.host })}</span>
                {answer.app?.name && (
                  <span>{t('sources.test.app', { name: answer.app.name })}</span>
                )}
                <span>
                  {t('sources.test.contactRange', {
                    kind: t(
                      `sources.test.range${answer.contact_range.kind[0]!.toUpperCase()}${answer.contact_range.kind.slice(1)}`,
                    ),
                    departments: answer.contact_range.departments,
                    users: answer.contact_range.users,
                  })}
                </span>
              </Space>
            }
          />
          <Card size="small" title={t('sources.test.checks')}>
            <List
              dataSource={answer.checks}
              renderItem={(check) => (
                <List.Item data-testid={`check-${check.id}`}>
                  <List.Item.Meta
                    avatar={STATUS_ICON[check.status]}
                    title={
                      <Space>
                        <span>{check.title[language]}</span>
                        <Tag>{statusWord(check.status)}</Tag>
                        {check.code && <Tag className="gh-mono">{check.code}</Tag>}
                      </Space>
                    }
                    description={
                      <>
                        {check.detail && <div>{check.detail[language]}</div>}
                        {check.fix && (
                          <div>
                            <strong>{t('sources.test.howToFix')}: </strong>
                            {check.fix[language]}
                          </div>
                        )}
                      </>
                    }
                  />
                </List.Item>
              )}
            />
          </Card>
          {answer.missing_permissions.length > 0 && (
            <Card size="small" title={t('sources.test.missing')} data-testid="missing-permissions">
              <Typography.Paragraph type="secondary">
                {t('sources.test.missingIntro')}
              </Typography.Paragraph>
              <List
                dataSource={answer.missing_permissions}
                renderItem={(p) => (
                  <List.Item>
                    <List.Item.Meta
                      avatar={<CloseCircleTwoTone twoToneColor="#cf1322" />}
                      title={
                        <Space wrap>
                          <span className="gh-mono">{p.scope}</span>
                          <span>{p.title[language]}</span>
                          {p.required ? (
                            <Tag color="red">{t('sources.setup.required')}</Tag>
                          ) : (
                            <Tag>{t('sources.setup.optional')}</Tag>
                          )}
                        </Space>
                      }
                      description={
                        <>
                          <div>
                            {t('sources.setup.needFor')}: {p.need_for[language]}
                          </div>
                          <div>
                            <strong>{t('sources.test.howToFix')}: </strong>
                            {p.fix[language]}
                          </div>
                        </>
                      }
                    />
                  </List.Item>
                )}
              />
            </Card>
          )}
        </>
      )}
    </Space>
  );
}

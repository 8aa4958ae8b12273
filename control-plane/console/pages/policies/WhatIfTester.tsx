// The what-if tester: one person (found by name or email in a synced directory), one
// application, optionally a platform; shows the decision, the policy that made it, and every
// policy in order with its outcome for this person.
import {
  Alert,
  AutoComplete,
  Button,
  Card,
  Form,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { useApi } from '../../app/session.tsx';
import type { SourcePage } from '../../api/types.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { useLoad } from '../../components/use-load.ts';
import { useMessages } from '../../i18n/messages.ts';
import { useLanguage } from '../../i18n/use-language.ts';
import type { UserPage } from '../directory/types.ts';
import { policyMessages } from './messages.ts';
import type { ApplicationList, WhatIfAnswer, WhatIfBody } from './types.ts';

export function WhatIfTester(props: { tenantId: string; applications: ApplicationList['items'] }) {
  const t = useMessages(policyMessages);
  const api = useApi();
  const tenant = `/tenants/${encodeURIComponent(props.tenantId)}`;
  const sources = useLoad(
    () => api.get<SourcePage>(`${tenant}/identity-sources`, { page_size: 200 }),
    [api, tenant],
  );
  const [sourceId, setSourceId] = useState<string>();
  const [typed, setTyped] = useState('');
  const [options, setOptions] = useState<{ value: string; label: string; id: string }[]>([]);
  const [userId, setUserId] = useState<string>();
  const [applicationId, setApplicationId] = useState<string>();
  const [platform, setPlatform] = useState<WhatIfBody['platform']>();
  const [answer, setAnswer] = useState<WhatIfAnswer | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    if (!sourceId && sources.data?.items[0]) setSourceId(sources.data.items[0].id);
  }, [sources.data, sourceId]);
  useEffect(() => {
    const q = typed.trim();
    if (!sourceId || !q) return;
    let live = true;
    const timer = setTimeout(() => {
      api
        .get<UserPage>(`${tenant}/identity-sources/${sourceId}/directory/users`, {
          q,
          page_size: 10,
        })
        .then(
          (page) =>
            live &&
            setOptions(
              page.items.map((u) => ({
                value: `${u.name}${u.email ? ` <${u.email}>` : ''}`,
                label: `${u.name}${u.email ? ` <${u.email}>` : ''}`,
                id: u.id,
              })),
            ),
          (e: unknown) => live && setError(e),
        );
    }, 250);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [api, tenant, sourceId, typed]);

  const run = async () => {
    if (!userId || !applicationId) return;
    try {
      const body: WhatIfBody = { user_id: userId, application_id: applicationId, platform };
      setAnswer(await api.post<WhatIfAnswer>(`${tenant}/policies/what-if`, body));
      setError(null);
    } catch (e) {
      setError(e);
    }
  };

  return (
    <Card title={t('policies.whatIf.title')} size="small" data-testid="what-if">
      <Typography.Paragraph type="secondary">{t('policies.whatIf.intro')}</Typography.Paragraph>
      <Form layout="vertical" onFinish={() => void run()}>
        {(sources.data?.items.length ?? 0) > 1 && (
          <Form.Item label={t('policies.whatIf.source')}>
            <Select
              value={sourceId}
              onChange={setSourceId}
              options={sources.data!.items.map((s) => ({ value: s.id, label: s.name }))}
            />
          </Form.Item>
        )}
        <Form.Item label={t('policies.whatIf.user')} htmlFor="what-if-user">
          <AutoComplete
            id="what-if-user"
            value={typed}
            options={options}
            onChange={(v) => {
              setTyped(v);
              setUserId(undefined);
            }}
            onSelect={(_, option) => setUserId((option as { id: string }).id)}
          />
        </Form.Item>
        <Form.Item label={t('policies.whatIf.application')} htmlFor="what-if-app">
          <Select
            id="what-if-app"
            value={applicationId}
            onChange={setApplicationId}
            options={props.applications.map((a) => ({ value: a.id, label: a.name }))}
          />
        </Form.Item>
        <Form.Item label={t('policies.whatIf.platform')} htmlFor="what-if-platform">
          <Select
            id="what-if-platform"
            allowClear
            value={platform}
            onChange={setPlatform}
            options={[
              { value: 'windows', label: 'Windows' },
              { value: 'macos', label: 'macOS' },
              { value: 'linux', label: 'Linux' },
            ]}
          />
        </Form.Item>
        <Button type="primary" htmlType="submit" disabled={!userId || !applicationId}>
          {t('policies.whatIf.run')}
        </Button>
      </Form>
      {error !== null && <ErrorAlert error={error} />}
      {answer && <WhatIfResult answer={answer} />}
    </Card>
  );
}

function WhatIfResult(props: { answer: WhatIfAnswer }) {
  const t = useMessages(policyMessages);
  const a = props.answer;
  return (
    <Space
      direction="vertical"
      style={{ width: '100%', marginTop: 16 }}
      data-testid="what-if-result"
    >
      <Alert
        type={a.decision === 'allow' ? 'success' : 'error'}
        showIcon
        title={t(`policies.whatIf.${a.decision}`)}
        description={
          <>
            <div>
              {a.policy
                ? t('policies.whatIf.decidedBy', {
                    name: a.policy.name,
                    priority: a.policy.priority,
                  })
                : t('policies.whatIf.noPolicy')}
            </div>
            <ReasonText text={a.reason_text} />
          </>
        }
      />
      <Typography.Text strong>{t('policies.whatIf.steps')}</Typography.Text>
      <Table
        size="small"
        pagination={false}
        rowKey="policy_id"
        dataSource={a.steps}
        columns={[
          { title: t('policies.priority'), dataIndex: 'priority', width: 90 },
          { title: t('policies.name'), dataIndex: 'policy_name' },
          {
            title: t('policies.action'),
            render: (_, s) => <Tag>{t(`policies.${s.action}`)}</Tag>,
          },
          {
            title: t('policies.whatIf.outcome'),
            render: (_, s) => t(`policies.whatIf.outcomes.${s.outcome}`),
          },
        ]}
      />
    </Space>
  );
}

function ReasonText(props: { text: { en: string; 'zh-CN': string } }) {
  return <div>{props.text[useLanguage()]}</div>;
}

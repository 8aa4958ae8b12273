// The tenant's audit trail, newest first: filters by action (with "area.*"), administrator,
// target and time range, paged on the server by cursor, each entry's before/after on demand,
// and the same filters exported as CSV (streamed by the server, formula-safe).
import { Button, DatePicker, Form, Input, Space, Table, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { withQuery } from '../../api/client.ts';
import { useApi } from '../../app/session.tsx';
import { useTenantId } from '../../app/tenant.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { LocalTime } from '../../components/LocalTime.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useLoad } from '../../components/use-load.ts';
import { useMessages } from '../../i18n/messages.ts';
import { auditMessages } from './messages.ts';
import type { AuditPage as AuditAnswer } from './types.ts';

const PAGE_SIZE = 50;

interface Filters {
  action?: string;
  actor_id?: string;
  target_type?: string;
  target_id?: string;
  from?: string;
  to?: string;
}

interface FormValues {
  action?: string;
  actor_id?: string;
  target_type?: string;
  target_id?: string;
  range?: [{ toISOString(): string } | null, { toISOString(): string } | null] | null;
}

const json = (value: unknown) =>
  value === null || value === undefined ? '—' : JSON.stringify(value, null, 2);

export default function AuditPage() {
  const t = useMessages(auditMessages);
  const api = useApi();
  const tenantId = useTenantId();
  const [form] = Form.useForm<FormValues>();
  const [filters, setFilters] = useState<Filters>({});
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const cursor = cursors.at(-1) ?? null;
  const query = { tenant_id: tenantId, ...filters };

  const entries = useLoad(
    () =>
      api.get<AuditAnswer>('/audit-log', {
        ...query,
        limit: PAGE_SIZE,
        cursor: cursor ?? undefined,
      }),
    [api, JSON.stringify(query), cursor],
  );

  const apply = (v: FormValues) => {
    const clean = (s?: string) => s?.trim() || undefined;
    setFilters({
      action: clean(v.action),
      actor_id: clean(v.actor_id),
      target_type: clean(v.target_type),
      target_id: clean(v.target_id),
      from: v.range?.[0]?.toISOString(),
      to: v.range?.[1]?.toISOString(),
    });
    setCursors([null]);
  };

  return (
    <>
      <PageHeader
        title={t('audit.title')}
        extra={
          <Tooltip title={t('audit.exportHint')}>
            <Button href={withQuery('/api/v1/admin/audit-log/export', query)} download>
              {t('audit.export')}
            </Button>
          </Tooltip>
        }
      />
      <Form form={form} layout="inline" onFinish={apply} style={{ marginBottom: 12, rowGap: 8 }}>
        <Form.Item name="action">
          <Input placeholder={t('audit.action')} aria-label={t('audit.action')} allowClear />
        </Form.Item>
        <Form.Item name="target_type">
          <Input
            placeholder={t('audit.targetType')}
            aria-label={t('audit.targetType')}
            allowClear
          />
        </Form.Item>
        <Form.Item name="target_id">
          <Input placeholder={t('audit.targetId')} aria-label={t('audit.targetId')} allowClear />
        </Form.Item>
        <Form.Item name="actor_id">
          <Input placeholder={t('audit.actorId')} aria-label={t('audit.actorId')} allowClear />
        </Form.Item>
        <Form.Item name="range">
          <DatePicker.RangePicker showTime aria-label={t('audit.range')} />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit">
            {t('audit.apply')}
          </Button>
          <Button
            onClick={() => {
              form.resetFields();
              apply({});
            }}
          >
            {t('audit.reset')}
          </Button>
        </Space>
      </Form>
      {entries.error ? (
        <ErrorAlert error={entries.error} onRetry={entries.reload} />
      ) : (
        <Table
          size="small"
          rowKey="id"
          loading={entries.loading}
          pagination={false}
          dataSource={entries.data?.items ?? []}
          locale={{ emptyText: t('audit.none') }}
          expandable={{
            expandedRowRender: (e) => (
              <Space align="start" size="large" wrap>
                <div>
                  <Typography.Text strong>{t('audit.before')}</Typography.Text>
                  <pre
                    style={{ maxWidth: 480, overflow: 'auto', whiteSpace: 'pre-wrap', margin: 0 }}
                  >
                    {json(e.before)}
                  </pre>
                </div>
                <div>
                  <Typography.Text strong>{t('audit.after')}</Typography.Text>
                  <pre
                    style={{ maxWidth: 480, overflow: 'auto', whiteSpace: 'pre-wrap', margin: 0 }}
                  >
                    {json(e.after)}
                  </pre>
                </div>
              </Space>
            ),
          }}
          columns={[
            { title: t('audit.at'), render: (_, e) => <LocalTime iso={e.at} /> },
            {
              title: t('audit.actor'),
              render: (_, e) =>
                e.actor.type === 'admin'
                  ? (e.actor.label ?? e.actor.id)
                  : `${t(`audit.${e.actor.type}`)}${e.actor.label ? ` · ${e.actor.label}` : ''}`,
            },
            { title: t('audit.actionColumn'), dataIndex: 'action' },
            {
              title: t('audit.target'),
              render: (_, e) => `${e.target_type}${e.target_id ? `: ${e.target_id}` : ''}`,
            },
            { title: 'IP', dataIndex: 'ip' },
          ]}
        />
      )}
      <Space style={{ marginTop: 12 }}>
        <Button disabled={cursors.length === 1} onClick={() => setCursors([null])}>
          {t('audit.firstPage')}
        </Button>
        <Button
          disabled={!entries.data?.next_cursor}
          onClick={() => {
            const next = entries.data?.next_cursor;
            if (next) setCursors((c) => [...c, next]);
          }}
        >
          {t('audit.nextPage')}
        </Button>
      </Space>
    </>
  );
}

// Synchronization settings: scope (all, or departments picked from the live tree), field
// mapping, deletion protection thresholds, automatic sync and its schedule (every N hours or a
// cron expression, with a preview of the next runs in the tenant's time zone).
import {
  Alert,
  Button,
  Card,
  Form,
  InputNumber,
  Input,
  Radio,
  Select,
  Space,
  Switch,
  Typography,
} from 'antd';
import { useMemo } from 'react';
import type {
  DeletionThresholds,
  FieldMapping,
  SyncSchedule,
  SyncScope,
} from '../../../../shared/domain/identity-source.ts';
import type { Source, UpdateSourceBody } from '../../api/types.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { useMessages } from '../../i18n/messages.ts';
import { useLanguage } from '../../i18n/use-language.ts';
import { DepartmentPicker } from './DepartmentPicker.tsx';
import { FieldMappingEditor } from './FieldMappingEditor.tsx';
import { sourceMessages } from './messages.ts';
import { checkSchedule, mappingProblems, validThreshold } from './source-rules.ts';

interface SyncValues {
  scope_kind: SyncScope['kind'];
  department_ids: string[];
  field_mapping: FieldMapping;
  deletion_thresholds: DeletionThresholds;
  auto_sync: boolean;
  sync_user_info: boolean;
  schedule_kind: SyncSchedule['kind'];
  interval_hours: number;
  expression: string;
}

export const initialSyncValues = (source: Source): SyncValues => ({
  scope_kind: source.scope.kind,
  department_ids: source.scope.kind === 'departments' ? source.scope.department_ids : [],
  field_mapping: source.field_mapping,
  deletion_thresholds: source.deletion_thresholds,
  auto_sync: source.auto_sync,
  sync_user_info: source.sync_user_info,
  schedule_kind: source.schedule.kind,
  interval_hours: source.schedule.kind === 'interval' ? source.schedule.interval_hours : 24,
  expression: source.schedule.kind === 'cron' ? source.schedule.expression : '0 0 * * *',
});

export function syncBody(values: SyncValues): UpdateSourceBody {
  return {
    scope:
      values.scope_kind === 'all'
        ? { kind: 'all' }
        : { kind: 'departments', department_ids: values.department_ids },
    field_mapping: {
      attributes: values.field_mapping.attributes.map((a) => ({
        from: a.from.trim(),
        to: a.to.trim(),
      })),
      matching: values.field_mapping.matching,
    },
    deletion_thresholds: values.deletion_thresholds,
    auto_sync: values.auto_sync,
    sync_user_info: values.auto_sync && values.sync_user_info,
    schedule:
      values.schedule_kind === 'interval'
        ? { kind: 'interval', interval_hours: values.interval_hours }
        : { kind: 'cron', expression: values.expression.trim() },
  };
}

function SchedulePreview(props: { schedule: SyncSchedule; timeZone: string }) {
  const t = useMessages(sourceMessages);
  const language = useLanguage();
  // The preview is computed once per schedule, from now.
  const check = useMemo(
    () => checkSchedule(props.schedule, props.timeZone, new Date()),
    [props.schedule, props.timeZone],
  );
  if (!check.ok)
    return (
      <Alert
        type="error"
        showIcon
        data-testid="schedule-problem"
        title={t('sources.sync.cronInvalid', { reason: t(`sources.sync.${check.reason}`) })}
      />
    );
  const format = new Intl.DateTimeFormat(language, {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: props.timeZone,
  });
  return (
    <div data-testid="schedule-preview">
      <Typography.Text type="secondary">
        {t('sources.sync.nextRuns', { zone: props.timeZone })}
      </Typography.Text>
      <ol style={{ margin: '4px 0 0', paddingInlineStart: 20 }}>
        {check.next.map((run) => (
          <li key={run.toISOString()}>
            <time dateTime={run.toISOString()}>{format.format(run)}</time>
          </li>
        ))}
      </ol>
    </div>
  );
}

export function SyncSettingsForm(props: {
  source: Source;
  timeZone: string;
  busy: boolean;
  error: unknown;
  submitLabel: string;
  onSubmit: (body: UpdateSourceBody) => void;
}) {
  const t = useMessages(sourceMessages);
  const [form] = Form.useForm<SyncValues>();
  const brand = t(`sources.${props.source.brand}`);
  const values = Form.useWatch([], form) as SyncValues | undefined;
  const initial = useMemo(() => initialSyncValues(props.source), [props.source]);
  const current = values ?? initial;
  const schedule: SyncSchedule =
    current.schedule_kind === 'interval'
      ? { kind: 'interval', interval_hours: current.interval_hours ?? 24 }
      : { kind: 'cron', expression: current.expression ?? '' };

  const thresholdRule = (which: 'users' | 'departments') => ({
    validator: (_: unknown, value: number | null) =>
      validThreshold(value, form.getFieldValue(['deletion_thresholds', which, 'unit']))
        ? Promise.resolve()
        : Promise.reject(new Error(t('sources.sync.thresholdInvalid'))),
  });

  const submit = (v: SyncValues) => {
    if (mappingProblems(v.field_mapping).length > 0) return;
    if (!checkSchedule(schedule, props.timeZone, new Date()).ok && v.auto_sync) return;
    props.onSubmit(syncBody(v));
  };

  return (
    <Form<SyncValues>
      name="source-sync"
      form={form}
      layout="vertical"
      initialValues={initial}
      onFinish={submit}
      data-testid="sync-settings"
    >
      {props.error !== null && props.error !== undefined && (
        <div className="gh-form-error">
          <ErrorAlert error={props.error} />
        </div>
      )}
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Card size="small" title={t('sources.sync.scope')}>
          <Form.Item name="scope_kind">
            <Radio.Group
              options={[
                { value: 'all', label: t('sources.sync.scopeAll') },
                { value: 'departments', label: t('sources.sync.scopePartial') },
              ]}
            />
          </Form.Item>
          {current.scope_kind === 'departments' && (
            <Form.Item
              name="department_ids"
              label={t('sources.sync.scopePick')}
              rules={[
                {
                  validator: (_, ids: string[] | undefined) =>
                    ids && ids.length > 0
                      ? Promise.resolve()
                      : Promise.reject(new Error(t('sources.sync.scopePickRequired'))),
                },
              ]}
            >
              <DepartmentPicker source={props.source} />
            </Form.Item>
          )}
        </Card>
        <Card size="small" title={t('sources.sync.mapping')}>
          <FieldMappingEditor brand={brand} mapping={current.field_mapping} />
        </Card>
        <Card size="small" title={t('sources.sync.thresholds')}>
          <Typography.Paragraph type="secondary">
            {t('sources.sync.thresholdsIntro')}
          </Typography.Paragraph>
          <Space wrap size="large">
            {(['users', 'departments'] as const).map((which) => (
              <Space key={which} align="start">
                <Form.Item
                  name={['deletion_thresholds', which, 'value']}
                  label={t(`sources.sync.${which}`)}
                  rules={[thresholdRule(which)]}
                  dependencies={[['deletion_thresholds', which, 'unit']]}
                >
                  <InputNumber min={0} precision={0} data-testid={`threshold-${which}`} />
                </Form.Item>
                <Form.Item name={['deletion_thresholds', which, 'unit']} label=" ">
                  <Select
                    aria-label={`${t(`sources.sync.${which}`)}: ${t('sources.sync.count')} / ${t('sources.sync.percent')}`}
                    style={{ width: 90 }}
                    options={[
                      { value: 'count', label: t('sources.sync.count') },
                      { value: 'percent', label: t('sources.sync.percent') },
                    ]}
                  />
                </Form.Item>
              </Space>
            ))}
          </Space>
        </Card>
        <Card size="small" title={t('sources.sync.schedule')}>
          <Form.Item
            name="auto_sync"
            label={t('sources.sync.autoSync')}
            extra={t('sources.sync.autoSyncHint')}
            valuePropName="checked"
          >
            <Switch />
          </Form.Item>
          <Form.Item
            name="sync_user_info"
            label={t('sources.sync.syncUserInfo')}
            extra={t('sources.sync.syncUserInfoHint')}
            valuePropName="checked"
          >
            <Switch disabled={!current.auto_sync} />
          </Form.Item>
          {current.auto_sync && (
            <>
              <Form.Item name="schedule_kind">
                <Radio.Group
                  options={[
                    { value: 'interval', label: t('sources.sync.interval') },
                    { value: 'cron', label: t('sources.sync.cron') },
                  ]}
                />
              </Form.Item>
              {current.schedule_kind === 'interval' ? (
                <Form.Item
                  name="interval_hours"
                  label={t('sources.sync.interval')}
                  extra={t('sources.sync.intervalHint')}
                >
                  <Select
                    style={{ width: 200 }}
                    options={Array.from({ length: 24 }, (_, i) => ({
                      value: i + 1,
                      label: t('sources.sync.everyHours', { hours: i + 1 }),
                    }))}
                  />
                </Form.Item>
              ) : (
                <Form.Item
                  name="expression"
                  label={t('sources.sync.cron')}
                  extra={t('sources.sync.cronHint', { zone: props.timeZone })}
                >
                  <Input className="gh-mono" style={{ width: 240 }} data-testid="cron-expression" />
                </Form.Item>
              )}
              <SchedulePreview schedule={schedule} timeZone={props.timeZone} />
            </>
          )}
        </Card>
        <Button type="primary" htmlType="submit" loading={props.busy} data-testid="sync-submit">
          {props.submitLabel}
        </Button>
      </Space>
    </Form>
  );
}

// The settings of a source at a glance (the wizard's confirm step).
import { Descriptions } from 'antd';
import type { Source } from '../../api/types.ts';
import { useMessages } from '../../i18n/messages.ts';
import { sourceMessages } from './messages.ts';

export function ConfirmSummary(props: { source: Source; brand: string }) {
  const t = useMessages(sourceMessages);
  const s = props.source;
  const threshold = (x: Source['deletion_thresholds']['users']) =>
    x.unit === 'percent' ? `${x.value}%` : String(x.value);
  const schedule =
    s.schedule.kind === 'interval'
      ? t('sources.sync.everyHours', { hours: s.schedule.interval_hours })
      : `cron ${s.schedule.expression}`;
  return (
    <Descriptions bordered column={1} size="small" data-testid="confirm-summary">
      <Descriptions.Item label={t('sources.brand')}>{props.brand}</Descriptions.Item>
      <Descriptions.Item label={t('sources.basic.name')}>{s.name}</Descriptions.Item>
      <Descriptions.Item label={t('sources.basic.appId')}>
        <span className="gh-mono">{s.app_id}</span>
      </Descriptions.Item>
      <Descriptions.Item label={t('sources.basic.appSecret')}>
        {s.app_secret.set ? t('common.set') : t('common.notSet')}
      </Descriptions.Item>
      <Descriptions.Item label={t('sources.connectivity')}>
        {t(
          `sources.connectivity${s.connectivity.status[0]!.toUpperCase()}${s.connectivity.status.slice(1)}`,
        )}
      </Descriptions.Item>
      <Descriptions.Item label={t('sources.sync.scope')}>
        {s.scope.kind === 'all'
          ? t('sources.confirm.scopeAll')
          : t('sources.confirm.scopeSome', { count: s.scope.department_ids.length })}
      </Descriptions.Item>
      <Descriptions.Item label={t('sources.sync.mapping')}>
        {t('sources.confirm.mappingCount', { count: s.field_mapping.attributes.length })}
      </Descriptions.Item>
      <Descriptions.Item label={t('sources.sync.thresholds')}>
        {t('sources.confirm.thresholds', {
          users: threshold(s.deletion_thresholds.users),
          departments: threshold(s.deletion_thresholds.departments),
        })}
      </Descriptions.Item>
      <Descriptions.Item label={t('sources.sync.autoSync')}>
        {s.auto_sync ? t('sources.confirm.autoOn', { schedule }) : t('sources.confirm.autoOff')}
      </Descriptions.Item>
    </Descriptions>
  );
}

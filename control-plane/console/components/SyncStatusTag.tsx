import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { SyncRun } from '../api/types.ts';

const COLORS: Record<SyncRun['status'], string> = {
  queued: 'default',
  running: 'processing',
  succeeded: 'green',
  failed: 'red',
  blocked: 'orange',
  discarded: 'default',
};

/** A sync run's status as a coloured word. */
export function SyncStatusTag(props: { status: SyncRun['status'] }) {
  const { t } = useTranslation();
  return (
    <Tag color={COLORS[props.status]} data-testid="run-status">
      {t(`runStatus.${props.status}`)}
    </Tag>
  );
}

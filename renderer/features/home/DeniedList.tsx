import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeniedDecisionView } from '../../../shared/ipc/contract.ts';
import { useClient } from '../../app/store-context.tsx';
import { Button } from '../../components/Button.tsx';
import { formatDateTime } from './format.ts';

// "Why was this blocked": the local proxy's latest refusals, newest first, each with the
// destination, the application, the policy, the reason (worded by main) and when. A list of
// description lists reads well in a screen reader; the count is announced when it changes.
export function DeniedList() {
  const { t } = useTranslation();
  const denied = useClient((s) => s.denied);
  const loadDenied = useClient((s) => s.loadDenied);
  useEffect(() => {
    void loadDenied();
  }, [loadDenied]);
  return (
    <section className="card" aria-labelledby="denied-title">
      <h2 id="denied-title">{t('proxy.denied.title')}</h2>
      <p className="lead">{t('proxy.denied.intro')}</p>
      <p role="status" aria-live="polite" className={denied.length === 0 ? 'empty' : 'lead'}>
        {denied.length === 0
          ? t('proxy.denied.empty')
          : t('proxy.denied.count', { count: denied.length })}
      </p>
      {denied.length > 0 ? (
        <ul className="denied-list">
          {denied.map((d) => (
            <DeniedItem key={`${d.via} ${d.host} ${d.port} ${d.first_at}`} decision={d} />
          ))}
        </ul>
      ) : null}
      <div className="actions">
        <Button variant="secondary" onClick={() => void loadDenied()}>
          {t('proxy.denied.refresh')}
        </Button>
      </div>
    </section>
  );
}

function DeniedItem({ decision: d }: { decision: DeniedDecisionView }) {
  const { t, i18n } = useTranslation();
  const application = d.app_name
    ? d.app_name
    : d.app_id
      ? t('proxy.denied.unnamedApp', { id: d.app_id })
      : t('proxy.denied.noApplication');
  const time = formatDateTime(d.last_at, i18n.language);
  return (
    <li className="denied-item">
      <dl className="facts">
        <div>
          <dt>{t('proxy.denied.destination')}</dt>
          <dd>
            <code>
              {d.host}:{d.port}
            </code>{' '}
            <span className="lead">{t(`proxy.denied.via.${d.via}`)}</span>
          </dd>
        </div>
        <div>
          <dt>{t('proxy.denied.application')}</dt>
          <dd>{application}</dd>
        </div>
        <div>
          <dt>{t('proxy.denied.policy')}</dt>
          <dd>{d.policy_name ?? t('proxy.denied.noPolicy')}</dd>
        </div>
        <div>
          <dt>{t('proxy.denied.reason')}</dt>
          <dd>
            {d.reason}
            {d.closed_open_connection ? (
              <span className="lead"> {t('proxy.denied.closed')}</span>
            ) : null}
          </dd>
        </div>
        <div>
          <dt>{t('proxy.denied.when')}</dt>
          <dd>
            <time dateTime={d.last_at}>{t('proxy.denied.times', { count: d.count, time })}</time>
          </dd>
        </div>
      </dl>
    </li>
  );
}

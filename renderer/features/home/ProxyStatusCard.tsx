import { useTranslation } from 'react-i18next';
import { useClient } from '../../app/store-context.tsx';
import { StatusBadge, type ConnectionTone } from '../../components/StatusBadge.tsx';
import { ErrorPanel } from '../errors/ErrorPanel.tsx';

const TONE = {
  running: 'online',
  starting: 'connecting',
  stopped: 'offline',
  failed: 'revoked',
} as const satisfies Record<string, ConnectionTone>;

// The local enforcement proxy: running (and on which loopback port), what it enforces, whether
// the browsers' proxy setting points at it, and the PAC address to set by hand where it cannot.
export function ProxyStatusCard() {
  const { t } = useTranslation();
  const proxy = useClient((s) => s.snapshot!.proxy);
  const showPac =
    proxy.pac_url !== null &&
    (proxy.system_proxy === 'unsupported' ||
      proxy.system_proxy === 'failed' ||
      proxy.system_proxy === 'disabled_by_policy');
  return (
    <section className="card" aria-labelledby="proxy-title">
      <h2 id="proxy-title">{t('proxy.title')}</h2>
      <p className="lead">{t('proxy.intro')}</p>
      <dl className="facts">
        <div>
          <dt>{t('proxy.proxy')}</dt>
          <dd>
            <StatusBadge
              tone={TONE[proxy.status]}
              label={t(`proxy.status.${proxy.status}`, { port: proxy.port ?? '' })}
            />
          </dd>
        </div>
        <div>
          <dt>{t('proxy.mode')}</dt>
          <dd>{t(`proxy.modes.${proxy.mode}`)}</dd>
        </div>
        <div>
          <dt>{t('proxy.system')}</dt>
          <dd>{t(`proxy.systemStatus.${proxy.system_proxy}`)}</dd>
        </div>
        {showPac ? (
          <div>
            <dt>{t('proxy.pac')}</dt>
            <dd>
              <code className="selectable">{proxy.pac_url}</code>
            </dd>
          </div>
        ) : null}
      </dl>
      {proxy.error ? <ErrorPanel error={proxy.error} /> : null}
      {proxy.system_proxy_error ? (
        <ErrorPanel error={proxy.system_proxy_error} tone="warning" />
      ) : null}
    </section>
  );
}

import { useTranslation } from 'react-i18next';
import { useClient } from '../../app/store-context.tsx';
import { isSafeAvatarSrc } from '../../components/initials.ts';

// The apps this person may reach, from the entitlements main holds (fresh or cached offline).
// Opening is a plain link: the shell decides how an external https page opens.
export function ApplicationsCard() {
  const { t } = useTranslation();
  const entitlements = useClient((s) => s.snapshot!.entitlements);
  const apps = entitlements.status === 'expired' ? [] : entitlements.applications;
  return (
    <section className="card" aria-labelledby="apps-title">
      <h2 id="apps-title">
        {t('apps.title')}
        {apps.length > 0 ? (
          <span className="lead"> · {t('apps.count', { count: apps.length })}</span>
        ) : null}
      </h2>
      {entitlements.status === 'expired' ? (
        <p className="empty">{t('apps.expired')}</p>
      ) : apps.length === 0 ? (
        <p className="empty">{t('apps.empty')}</p>
      ) : (
        <ul className="app-list">
          {apps.map((app) => (
            <li key={app.id} className="app-item">
              {isSafeAvatarSrc(app.icon) ? (
                <img className="app-icon" src={app.icon} alt="" />
              ) : (
                <span className="app-icon" aria-hidden="true">
                  {[...app.name.trim()][0]?.toUpperCase() ?? '?'}
                </span>
              )}
              <span className="app-text">
                <span className="app-name">{app.name}</span>
                {app.description ? <span className="app-desc">{app.description}</span> : null}
              </span>
              {app.portal_url && /^https?:\/\//i.test(app.portal_url) ? (
                <a
                  className="button button-secondary"
                  href={app.portal_url}
                  target="_blank"
                  rel="noopener noreferrer"
                  aria-label={t('apps.openLabel', { name: app.name })}
                >
                  {t('apps.open')}
                </a>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

import { useTranslation } from 'react-i18next';
import { useClient } from '../../app/store-context.tsx';
import { Avatar } from '../../components/Avatar.tsx';
import { Button } from '../../components/Button.tsx';
import { Notice } from '../../components/Notice.tsx';
import { ScreenHeading } from '../../components/ScreenHeading.tsx';
import { StatusBadge, type ConnectionTone } from '../../components/StatusBadge.tsx';
import { ErrorPanel } from '../errors/ErrorPanel.tsx';
import { KeychainNotice } from '../sign-in/KeychainNotice.tsx';
import { ApplicationsCard } from './ApplicationsCard.tsx';
import { DepartmentList } from './DepartmentList.tsx';
import { DeniedList } from './DeniedList.tsx';
import { ProxyStatusCard } from './ProxyStatusCard.tsx';
import { formatDateTime } from './format.ts';

// Signed in: who, where, this device, the connection, the apps; sign-out when IT allows it.
export function SignedInScreen() {
  const { t, i18n } = useTranslation();
  const snapshot = useClient((s) => s.snapshot!);
  const pending = useClient((s) => s.pending);
  const commandError = useClient((s) => s.commandError);
  const signOut = useClient((s) => s.signOut);
  const dismiss = useClient((s) => s.dismissError);
  const { profile, device, connection, entitlements, settings } = snapshot;
  const name = profile?.name ?? '';
  const tone: ConnectionTone = connection.status === 'unknown' ? 'connecting' : connection.status;
  const offline = connection.status === 'offline';
  const revoked = connection.status === 'revoked';

  return (
    <>
      <section className="card">
        <div className="profile">
          <Avatar name={name} src={profile?.avatar_url} />
          <div className="profile-text">
            <ScreenHeading>{t('home.greeting', { name })}</ScreenHeading>
            {profile?.email ? <span className="lead">{profile.email}</span> : null}
          </div>
        </div>
        {/* The connection state is announced when it changes. */}
        <div role="status" aria-live="polite">
          {offline ? (
            <Notice tone="warning" live="off">
              {entitlements.valid_until && entitlements.fetched_at
                ? t('home.offline', {
                    saved: formatDateTime(entitlements.fetched_at, i18n.language),
                    expires: formatDateTime(entitlements.valid_until, i18n.language),
                  })
                : t('home.offlineNoExpiry')}
            </Notice>
          ) : null}
          {revoked ? (
            <Notice
              tone="danger"
              live="off"
              action={
                <Button
                  variant="primary"
                  busy={pending === 'dismiss'}
                  onClick={() => void dismiss()}
                >
                  {t('home.signInAgain')}
                </Button>
              }
            >
              {t('home.revoked')}
            </Notice>
          ) : null}
        </div>
        {revoked && connection.error ? (
          <ErrorPanel error={connection.error} tone="warning" />
        ) : null}
        <KeychainNotice text="home.memoryOnly" />
        <dl className="facts">
          {profile ? (
            <div>
              <dt>{t('home.organization')}</dt>
              <dd>{profile.tenant_name}</dd>
            </div>
          ) : null}
          <div>
            <dt>{t('home.departments')}</dt>
            <dd>
              <DepartmentList departments={profile?.departments ?? []} />
            </dd>
          </div>
          <div>
            <dt>{t('home.device')}</dt>
            <dd>
              {device.name} · {device.os}
            </dd>
          </div>
          <div>
            <dt>{t('home.connection')}</dt>
            <dd>
              <StatusBadge tone={tone} label={t(`connection.${tone}`)} />
            </dd>
          </div>
        </dl>
        {commandError?.command === 'sign-out' ? <ErrorPanel error={commandError.error} /> : null}
        <div className="actions">
          {settings.allow_sign_out ? (
            <Button
              variant="secondary"
              busy={pending === 'sign-out'}
              onClick={() => void signOut()}
            >
              {pending === 'sign-out' ? t('home.signingOut') : t('home.signOut')}
            </Button>
          ) : (
            <p className="lead">{t('home.signOutLocked')}</p>
          )}
        </div>
      </section>
      <ApplicationsCard />
      <DeniedList />
      <ProxyStatusCard />
    </>
  );
}

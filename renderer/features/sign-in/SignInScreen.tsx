import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useClient } from '../../app/store-context.tsx';
import { Button } from '../../components/Button.tsx';
import { ScreenHeading } from '../../components/ScreenHeading.tsx';
import { Tabs, type TabItem } from '../../components/Tabs.tsx';
import { selectedSource } from '../../state/screen.ts';
import { ErrorPanel } from '../errors/ErrorPanel.tsx';
import { brandName } from './brand.ts';
import { KeychainNotice } from './KeychainNotice.tsx';

type Method = 'browser' | 'qr';

// The chosen source's login title, then "sign in in the browser" or "scan a QR code".
export function SignInScreen() {
  const { t } = useTranslation();
  const snapshot = useClient((s) => s.snapshot!);
  const pending = useClient((s) => s.pending);
  const commandError = useClient((s) => s.commandError);
  const startBrowser = useClient((s) => s.startBrowserSignIn);
  const startQr = useClient((s) => s.startQrSignIn);
  const showSourceChoice = useClient((s) => s.showSourceChoice);
  const resetEnrollment = useClient((s) => s.resetEnrollment);
  const { enrollment, sign_in: signIn } = snapshot;
  const source = selectedSource(snapshot);
  const [method, setMethod] = useState<Method>(signIn.method ?? 'browser');
  const brand = brandName(source?.brand, t);
  const busy = pending === 'browser' || pending === 'qr';

  const browserPanel = (
    <>
      <p>{t('signIn.browserIntro', { brand })}</p>
      <div className="actions">
        <Button
          variant="primary"
          busy={pending === 'browser'}
          disabled={busy}
          onClick={() => void startBrowser()}
        >
          {t('signIn.browserButton')}
        </Button>
      </div>
    </>
  );
  const qrPanel = (
    <>
      <p>{t('signIn.qrIntro', { brand })}</p>
      <div className="actions">
        <Button
          variant="primary"
          busy={pending === 'qr'}
          disabled={busy}
          onClick={() => void startQr()}
        >
          {t('signIn.qrButton')}
        </Button>
      </div>
    </>
  );
  const items: TabItem<Method>[] = [
    { key: 'browser', label: t('signIn.browserTab', { brand }), panel: browserPanel },
  ];
  if (source?.qr_login) items.push({ key: 'qr', label: t('signIn.qrTab'), panel: qrPanel });

  const failure =
    commandError && (commandError.command === 'browser' || commandError.command === 'qr')
      ? commandError.error
      : null;
  // A session that ended without the person asking (expired, signed out elsewhere) says why.
  const endedWhy = signIn.phase === 'signed_out' ? signIn.error : null;

  return (
    <section className="card">
      <ScreenHeading>{source?.description || source?.name || t('source.title')}</ScreenHeading>
      {enrollment.tenant_name ? (
        <p className="lead">{t('signIn.tenant', { tenant: enrollment.tenant_name })}</p>
      ) : null}
      {endedWhy ? <ErrorPanel error={endedWhy} tone="warning" /> : null}
      <KeychainNotice text="signIn.memoryOnly" />
      {items.length > 1 ? (
        <Tabs label={t('signIn.tabsLabel')} items={items} selected={method} onSelect={setMethod} />
      ) : (
        <div className="tabpanel">{browserPanel}</div>
      )}
      {failure ? <ErrorPanel error={failure} /> : null}
      <div className="actions">
        {enrollment.sources.length > 1 ? (
          <Button variant="link" onClick={showSourceChoice} disabled={busy}>
            {t('source.changeSource')}
          </Button>
        ) : null}
        {enrollment.enterprise_id_locked ? null : (
          <Button variant="link" onClick={() => void resetEnrollment()} disabled={busy}>
            {t('source.changeEnterprise')}
          </Button>
        )}
      </div>
    </section>
  );
}

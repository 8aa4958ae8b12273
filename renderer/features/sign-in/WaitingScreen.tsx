import { useTranslation } from 'react-i18next';
import { useClient } from '../../app/store-context.tsx';
import { Button } from '../../components/Button.tsx';
import { ScreenHeading } from '../../components/ScreenHeading.tsx';
import { Spinner } from '../../components/Spinner.tsx';
import { selectedSource } from '../../state/screen.ts';
import { ErrorPanel } from '../errors/ErrorPanel.tsx';
import { brandName } from './brand.ts';
import { QrFrame } from './QrFrame.tsx';

// A sign-in attempt is running: say where to finish it, and let the person cancel (Esc too).
export function WaitingScreen() {
  const { t } = useTranslation();
  const snapshot = useClient((s) => s.snapshot!);
  const pending = useClient((s) => s.pending);
  const commandError = useClient((s) => s.commandError);
  const cancel = useClient((s) => s.cancelSignIn);
  const reopen = useClient((s) => s.reopenBrowser);
  const signIn = snapshot.sign_in;
  const source =
    snapshot.enrollment.sources.find((s) => s.id === signIn.source_id) ?? selectedSource(snapshot);
  const brand = brandName(source?.brand, t);
  const qr = signIn.phase === 'waiting_qr';
  const framed = qr && snapshot.app.shell === 'browser-bridge' && signIn.qr_url;
  const failure =
    commandError && (commandError.command === 'cancel' || commandError.command === 'reopen')
      ? commandError.error
      : null;

  return (
    <section
      className="card"
      onKeyDown={(event) => {
        if (event.key === 'Escape' && pending !== 'cancel') void cancel();
      }}
    >
      <ScreenHeading>{qr ? t('waiting.qrTitle') : t('waiting.browserTitle')}</ScreenHeading>
      <p>{qr ? t('waiting.qrBody', { brand }) : t('waiting.browserBody', { brand })}</p>
      {qr && !framed ? <p className="lead">{t('waiting.qrWindowBody')}</p> : null}
      {framed ? (
        <QrFrame
          url={signIn.qr_url!}
          title={t('waiting.qrFrameTitle', { brand })}
          linkText={t('waiting.qrNewTab')}
        />
      ) : null}
      <p className="waiting" role="status">
        <Spinner />
        {t('waiting.status')}
      </p>
      {failure ? <ErrorPanel error={failure} /> : null}
      <div className="actions">
        <Button variant="secondary" busy={pending === 'cancel'} onClick={() => void cancel()}>
          {t('waiting.cancel')}
        </Button>
        {!qr && signIn.authorize_url ? (
          <Button variant="link" busy={pending === 'reopen'} onClick={() => void reopen()}>
            {t('waiting.reopen')}
          </Button>
        ) : null}
      </div>
    </section>
  );
}

import { useTranslation } from 'react-i18next';
import { useClient } from '../../app/store-context.tsx';
import { Button } from '../../components/Button.tsx';
import { ScreenHeading } from '../../components/ScreenHeading.tsx';
import { Spinner } from '../../components/Spinner.tsx';
import { selectedSource } from '../../state/screen.ts';
import { ErrorPanel } from '../errors/ErrorPanel.tsx';
import { brandName } from './brand.ts';

const safeHttpUrl = (value: string | null): string | undefined => {
  if (!value) return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
  } catch {
    return undefined;
  }
};

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
  // Electron shows the QR page in its own sandboxed window; the browser bridge opens it in a
  // new tab (the main window's CSP frames nothing but its own origin), so offer the link too.
  const bridgeQrUrl =
    qr && snapshot.app.shell === 'browser-bridge' ? safeHttpUrl(signIn.qr_url) : undefined;
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
      {qr ? (
        <p className="lead">{bridgeQrUrl ? t('waiting.qrTabBody') : t('waiting.qrWindowBody')}</p>
      ) : null}
      {bridgeQrUrl ? (
        <a href={bridgeQrUrl} target="_blank" rel="noopener noreferrer">
          {t('waiting.qrNewTab')}
        </a>
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

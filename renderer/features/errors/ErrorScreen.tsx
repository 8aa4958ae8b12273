import { useTranslation } from 'react-i18next';
import type { ErrorView } from '../../../shared/ipc/contract.ts';
import { NO_SOURCES } from '../../app/error-text.ts';
import { useClient } from '../../app/store-context.tsx';
import { Button } from '../../components/Button.tsx';
import { ScreenHeading } from '../../components/ScreenHeading.tsx';
import { ErrorPanel } from './ErrorPanel.tsx';

export type ErrorScreenKind = 'error' | 'revoked' | 'no-sources' | 'unavailable';

const fallback = (code: string): ErrorView => ({ code, message: '', fix: null });

// A failed sign-in, a revoked session, a tenant with no sign-in method, or no main process:
// the code and the fix, then the way back.
export function ErrorScreen({ kind }: { kind: ErrorScreenKind }) {
  const { t } = useTranslation();
  const snapshot = useClient((s) => s.snapshot);
  const loadError = useClient((s) => s.loadError);
  const pending = useClient((s) => s.pending);
  const dismiss = useClient((s) => s.dismissError);
  const refresh = useClient((s) => s.refresh);
  const start = useClient((s) => s.start);
  const reset = useClient((s) => s.resetEnrollment);

  const error: ErrorView =
    kind === 'unavailable'
      ? (loadError ?? fallback('RENDERER_IPC_UNAVAILABLE'))
      : kind === 'no-sources'
        ? (snapshot?.enrollment.error ?? fallback(NO_SOURCES))
        : (snapshot?.sign_in.error ?? snapshot?.connection.error ?? fallback('UNKNOWN'));
  const title = kind === 'revoked' ? t('error.revokedTitle') : t('error.title');
  const retry = kind === 'unavailable' ? start : kind === 'no-sources' ? refresh : dismiss;
  const retryLabel = kind === 'revoked' ? t('home.signInAgain') : t('error.retry');
  const canReset =
    snapshot !== null && !snapshot.enrollment.enterprise_id_locked && kind !== 'unavailable';

  return (
    <section className="card">
      <ScreenHeading>{title}</ScreenHeading>
      <ErrorPanel error={error} tone={kind === 'revoked' ? 'warning' : 'danger'} />
      <div className="actions">
        <Button
          variant="primary"
          busy={pending === 'dismiss' || pending === 'refresh'}
          onClick={() => void retry()}
        >
          {retryLabel}
        </Button>
        {canReset ? (
          <Button variant="secondary" disabled={pending !== null} onClick={() => void reset()}>
            {t('error.back')}
          </Button>
        ) : null}
      </div>
    </section>
  );
}

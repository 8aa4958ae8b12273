import { useTranslation } from 'react-i18next';
import { useClient } from '../../app/store-context.tsx';
import { ErrorPanel } from '../errors/ErrorPanel.tsx';
import { Notice } from '../../components/Notice.tsx';

// No OS keychain: the session lives in memory only. Shown before and after sign-in.
export function KeychainNotice({ text }: { text: 'signIn.memoryOnly' | 'home.memoryOnly' }) {
  const { t } = useTranslation();
  const keychain = useClient((s) => s.snapshot!.keychain);
  if (keychain.available) return null;
  if (keychain.error) return <ErrorPanel error={keychain.error} tone="warning" />;
  return (
    <Notice tone="warning" live="off">
      {t(text)}
    </Notice>
  );
}

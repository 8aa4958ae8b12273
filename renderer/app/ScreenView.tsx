import { useTranslation } from 'react-i18next';
import { Spinner } from '../components/Spinner.tsx';
import { EnrollScreen } from '../features/enroll/EnrollScreen.tsx';
import { ErrorScreen } from '../features/errors/ErrorScreen.tsx';
import { SignedInScreen } from '../features/home/SignedInScreen.tsx';
import { SettingsScreen } from '../features/settings/SettingsScreen.tsx';
import { SignInScreen } from '../features/sign-in/SignInScreen.tsx';
import { SourceChoiceScreen } from '../features/sign-in/SourceChoiceScreen.tsx';
import { WaitingScreen } from '../features/sign-in/WaitingScreen.tsx';
import { screenOf } from '../state/screen.ts';
import { useClient } from './store-context.tsx';

export function ScreenView() {
  const { t } = useTranslation();
  const screen = useClient(screenOf);
  switch (screen) {
    case 'loading':
      return (
        <p className="waiting" role="status">
          <Spinner />
          {t('app.loading')}
        </p>
      );
    case 'unavailable':
      return <ErrorScreen kind="unavailable" />;
    case 'settings':
      return <SettingsScreen />;
    case 'enroll':
      return <EnrollScreen />;
    case 'no-sources':
      return <ErrorScreen kind="no-sources" />;
    case 'choose-source':
      return <SourceChoiceScreen />;
    case 'sign-in':
      return <SignInScreen />;
    case 'waiting':
      return <WaitingScreen />;
    case 'error':
      return <ErrorScreen kind="error" />;
    case 'revoked':
      return <ErrorScreen kind="revoked" />;
    case 'signed-in':
      return <SignedInScreen />;
  }
}

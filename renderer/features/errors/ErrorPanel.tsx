import { useTranslation } from 'react-i18next';
import type { ErrorView } from '../../../shared/ipc/contract.ts';
import { errorText } from '../../app/error-text.ts';
import { ErrorDetails } from '../../components/ErrorDetails.tsx';
import { Notice, type NoticeTone } from '../../components/Notice.tsx';

// An error from main (or the renderer) as a notice: message, code and fix, read out at once.
export function ErrorPanel({ error, tone = 'danger' }: { error: ErrorView; tone?: NoticeTone }) {
  const { t } = useTranslation();
  const text = errorText(error, t);
  return (
    <Notice tone={tone} live="assertive">
      <ErrorDetails
        code={text.code}
        message={text.message}
        fix={text.fix}
        codeLabel={t('error.code')}
        fixLabel={t('error.fix')}
      />
    </Notice>
  );
}

// An API failure as a person reads it: the server's message in the console's language (or the
// console's own wording when there was no usable answer), the stable code, and the fix.
import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import { isApiError, NETWORK_ERROR } from '../api/api-error.ts';
import { isConsoleLanguage } from '../i18n/language.ts';

export interface ErrorText {
  message: string;
  code: string | null;
  fix: string | null;
}

/** Words any thrown value for a person; exported for pages that show errors inline. */
export function useErrorText(): (error: unknown) => ErrorText {
  const { t, i18n } = useTranslation();
  return (error) => {
    const language = isConsoleLanguage(i18n.language) ? i18n.language : 'en';
    if (isApiError(error)) {
      const server = error.messageIn(language);
      if (server) return { message: server, code: error.code, fix: error.fix };
      const message =
        error.code === NETWORK_ERROR
          ? t('error.network')
          : t('error.unexpected', { status: error.status });
      return { message, code: error.code, fix: null };
    }
    return { message: t('error.title'), code: null, fix: null };
  };
}

export function ErrorAlert(props: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  const text = useErrorText()(props.error);
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      title={text.message}
      description={
        <>
          {text.fix && <div>{t('error.fix', { fix: text.fix })}</div>}
          {text.code && <div className="gh-error-code">{t('error.code', { code: text.code })}</div>}
        </>
      }
      action={
        props.onRetry && (
          <a onClick={props.onRetry} role="button" tabIndex={0}>
            {t('common.retry')}
          </a>
        )
      }
    />
  );
}

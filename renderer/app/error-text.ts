// Errors from main arrive worded (code, message, fix) in the effective language. Codes the
// renderer raises itself have no wording from main; theirs lives in the renderer's i18n.
import type { TFunction } from 'i18next';
import type { ErrorView } from '../../shared/ipc/contract.ts';
import { IPC_UNAVAILABLE } from './api-client.ts';

export const NO_SOURCES = 'RENDERER_NO_SIGN_IN_METHOD';

export interface ErrorText {
  code: string;
  message: string;
  fix: string | undefined;
}

export function errorText(error: ErrorView, t: TFunction): ErrorText {
  if (error.code === IPC_UNAVAILABLE)
    return {
      code: error.code,
      message: t('errorCodes.ipcUnavailable'),
      fix: t('errorCodes.ipcUnavailableFix'),
    };
  if (error.code === NO_SOURCES)
    return {
      code: error.code,
      message: t('errorCodes.noSources'),
      fix: t('errorCodes.noSourcesFix'),
    };
  return {
    code: error.code,
    message: error.message || t('error.unknown'),
    fix: error.fix ?? (error.message ? undefined : t('error.unknownFix')),
  };
}

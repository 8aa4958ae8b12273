// An error the control plane named by its catalog code outside an HTTP body (the loopback
// redirect's error_code, the push stream's session-revoked), worded from the shared catalog.
import { errorCatalog, isErrorCode } from '../../shared/domain/errors/catalog.ts';
import { ClientError, type ClientErrorParams } from './client-error.ts';
import { ClientCoreError } from './client-core-errors.ts';

export function catalogError(
  code: string,
  params: ClientErrorParams = {},
  fallback?: string,
): ClientError {
  if (isErrorCode(code)) return new ClientError(code, errorCatalog[code], { params });
  return new ClientCoreError('SIGNIN_REFUSED', { params: { reason: fallback ?? code } });
}

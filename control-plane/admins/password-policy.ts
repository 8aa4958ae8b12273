// The admin password rule: long enough, and not built around the account's own email.
import { AppError } from '../../shared/domain/errors/index.ts';

export const MIN_PASSWORD_LENGTH = 12;

export function assertPasswordAcceptable(password: string, email: string): void {
  const local = email.split('@')[0]?.toLowerCase() ?? '';
  const weak =
    [...password].length < MIN_PASSWORD_LENGTH ||
    (local.length >= 4 && password.toLowerCase().includes(local)) ||
    new Set(password).size < 4;
  if (weak)
    throw new AppError('AUTH_PASSWORD_WEAK', { params: { minLength: MIN_PASSWORD_LENGTH } });
}

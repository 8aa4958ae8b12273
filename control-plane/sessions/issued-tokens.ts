// What a token answer is made of, and the error a client gets for a session that is over.
import type { AccessClaims } from '../../shared/domain/auth/access-claims.ts';
import {
  REVOKED_REASON_ERROR,
  type SessionRevokedReason,
} from '../../shared/domain/auth/stream-events.ts';
import { AppError } from '../../shared/domain/errors/index.ts';

export interface Issued {
  sessionId: string;
  userId: string;
  refreshToken: string;
  refreshExpiresAt: Date;
  accessToken: string;
  claims: AccessClaims;
}

export const revokedError = (reason: SessionRevokedReason) =>
  new AppError(REVOKED_REASON_ERROR[reason], { details: { reason } });

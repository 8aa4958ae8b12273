// Whether a session is still live, as one pure decision over the state row: revoked (with its
// reason), expired, or cut off because its tenant, source or user is no longer active even if
// the revocation that should follow has not happened yet.
import type { SessionRevokedReason } from '../../shared/domain/auth/stream-events.ts';
import { SESSION_REVOKED_REASONS } from '../../shared/domain/auth/stream-events.ts';
import type { SessionState } from '../storage/repositories/client-sessions.ts';

const isReason = (r: string | null): r is SessionRevokedReason =>
  r !== null && (SESSION_REVOKED_REASONS as readonly string[]).includes(r);

export function sessionProblem(
  state: SessionState | undefined,
  now: Date,
): SessionRevokedReason | undefined {
  if (!state) return 'deleted';
  if (state.revoked_at) return isReason(state.revoked_reason) ? state.revoked_reason : 'admin';
  if (state.expires_at <= now) return 'expired';
  if (state.tenant_status !== 'active') return 'tenant_suspended';
  if (state.source_status !== 'enabled') return 'source_closed';
  if (state.user_status !== 'active') return 'user_disabled';
  return undefined;
}

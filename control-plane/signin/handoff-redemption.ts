// Redeeming a handoff code: the transaction it was minted for, the code compared in constant
// time, within its 60 seconds, once, and the client's PKCE verifier against the challenge it
// registered. Any mismatch after the code matched spends it (a guessed verifier gets one try).
// Success starts a client session in the same transaction.
import type { TokenResponse } from '../../shared/domain/auth/token.ts';
import { AppError } from '../../shared/domain/errors/index.ts';
import { safeEqual, sha256Hex } from '../security/tokens.ts';
import type { SessionService } from '../sessions/session-service.ts';
import { verifierMatches } from './pkce.ts';
import type { SignInDeps } from './signin-deps.ts';
import '../storage/session-tables.ts';

export interface HandoffInput {
  code: string;
  codeVerifier: string;
  transactionId: string;
  ip: string | null;
  userAgent: string | null;
}

export function createHandoffRedemption(deps: SignInDeps & { sessions: SessionService }) {
  const { db, clock, sessions } = deps;
  return async function redeem(input: HandoffInput): Promise<TokenResponse> {
    const key = await sessions.signingKey();
    const outcome = await db.transaction().execute(async (trx) => {
      const now = clock.now();
      const txn = await trx
        .selectFrom('login_transactions')
        .selectAll()
        .where('id', '=', input.transactionId)
        .forUpdate()
        .executeTakeFirst();
      if (
        !txn ||
        txn.status !== 'completed' ||
        !txn.handoff_hash ||
        !txn.user_id ||
        !safeEqual(sha256Hex(input.code), txn.handoff_hash)
      )
        return { error: 'TOKEN_HANDOFF_INVALID' as const };
      const expired = !txn.handoff_expires_at || txn.handoff_expires_at <= now;
      const verified = verifierMatches(input.codeVerifier, txn.code_challenge);
      await trx
        .updateTable('login_transactions')
        .set(
          verified && !expired
            ? { status: 'redeemed' }
            : {
                status: 'failed',
                error_code: expired ? 'TOKEN_HANDOFF_INVALID' : 'TOKEN_VERIFIER_MISMATCH',
              },
        )
        .where('id', '=', txn.id)
        .execute();
      if (expired) return { error: 'TOKEN_HANDOFF_INVALID' as const };
      if (!verified) return { error: 'TOKEN_VERIFIER_MISMATCH' as const };
      const issued = await sessions.createIn(
        trx,
        {
          tenantId: txn.tenant_id,
          sourceId: txn.source_id,
          userId: txn.user_id,
          device: {
            id: txn.device_id,
            name: txn.device_name,
            os: txn.device_os,
            app_version: txn.app_version,
          },
          ip: input.ip,
          userAgent: input.userAgent?.slice(0, 512) ?? null,
        },
        key,
      );
      return { issued, error: undefined };
    });
    if (outcome.error !== undefined) throw new AppError(outcome.error);
    return sessions.respond(outcome.issued);
  };
}

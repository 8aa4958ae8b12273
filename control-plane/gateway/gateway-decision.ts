// One access decision for a gateway: whose token is it (signature, expiry, this gateway's
// tenant), is the session live right now (a revoked session is denied at once, never cached),
// is the user still active, and what do the tenant's policies say about the destination for
// the user's current departments and attributes.
import type { Kysely } from 'kysely';
import type { AccessClaims } from '../../shared/domain/auth/access-claims.ts';
import { AppError } from '../../shared/domain/errors/index.ts';
import {
  reasonText,
  type DestinationProtocol,
  type ReasonCode,
} from '../../shared/domain/policy/index.ts';
import type { Clock } from '../clock.ts';
import type { CompileCache } from '../policy/compile-cache.ts';
import { loadPolicyUser } from '../policy/directory-reader.ts';
import type { AccessTokenIssuer } from '../sessions/access-token.ts';
import type { SessionService } from '../sessions/session-service.ts';
import type { Database } from '../storage/schema.ts';

/** Reasons of the gateway besides the evaluator's: the caller was not let in at all. */
export const GATEWAY_AUTH_REASONS = ['token_missing', 'token_invalid', 'session_revoked'] as const;
export type GatewayReason = ReasonCode | (typeof GATEWAY_AUTH_REASONS)[number];

const AUTH_TEXT: Record<(typeof GATEWAY_AUTH_REASONS)[number], { en: string; 'zh-CN': string }> = {
  token_missing: { en: 'Sign in to Gatehouse first.', 'zh-CN': '请先登录 Gatehouse。' },
  token_invalid: {
    en: 'The access token is invalid or expired.',
    'zh-CN': '访问令牌无效或已过期。',
  },
  session_revoked: {
    en: 'This Gatehouse session has ended.',
    'zh-CN': '此 Gatehouse 会话已结束。',
  },
};

export interface DestinationQuery {
  host: string;
  port: number;
  protocol: DestinationProtocol;
  path?: string;
  method?: string;
}

export interface GatewayDecision {
  decision: 'allow' | 'deny';
  reason: GatewayReason;
  reason_text: { en: string; 'zh-CN': string };
  /** false: no valid live session (forward-auth answers 401, not 403). */
  authenticated: boolean;
  policy: { id: string; name: string } | null;
  application_id: string | null;
  user: { id: string; name: string; email: string | null } | null;
  session_id: string | null;
  /** For session_revoked: the catalog code of why (SESSION_REVOKED_BY_ADMIN ...). */
  error_code?: string;
}

const unauthenticated = (
  reason: (typeof GATEWAY_AUTH_REASONS)[number],
  extra: Partial<GatewayDecision> = {},
): GatewayDecision => ({
  decision: 'deny',
  reason,
  reason_text: AUTH_TEXT[reason],
  authenticated: false,
  policy: null,
  application_id: null,
  user: null,
  session_id: null,
  ...extra,
});

export function createGatewayDecider(deps: {
  db: Kysely<Database>;
  clock: Clock;
  cache: CompileCache;
  issuer: AccessTokenIssuer;
  sessions: Pick<SessionService, 'requireLive'>;
}) {
  const { db, clock, cache, issuer, sessions } = deps;

  return async function decide(
    tenantId: string,
    token: string | undefined,
    dest: DestinationQuery,
  ): Promise<GatewayDecision> {
    if (!token) return unauthenticated('token_missing');
    let claims: AccessClaims;
    try {
      claims = await issuer.verify(token);
    } catch {
      return unauthenticated('token_invalid');
    }
    // A token of another tenant is not a token at this tenant's gateway.
    if (claims.tenant !== tenantId) return unauthenticated('token_invalid');
    try {
      await sessions.requireLive(claims.sid);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      return unauthenticated('session_revoked', { session_id: claims.sid, error_code: err.code });
    }
    const [set, person] = await Promise.all([
      cache.current(tenantId),
      loadPolicyUser(db, tenantId, claims.sub),
    ]);
    if (!person) {
      return unauthenticated('session_revoked', {
        session_id: claims.sid,
        error_code: 'SESSION_USER_DISABLED',
      });
    }
    const d = set.compiled.decideDestination(person.user, dest.host, dest.port, dest.protocol, {
      time: clock.now().getTime(),
    });
    return {
      decision: d.decision,
      reason: d.reason,
      reason_text: {
        en: reasonText(d.reason, 'en', d.policyName),
        'zh-CN': reasonText(d.reason, 'zh-CN', d.policyName),
      },
      authenticated: true,
      policy: d.policyId !== undefined ? { id: d.policyId, name: d.policyName ?? '' } : null,
      application_id: d.appId ?? null,
      user: { id: person.user.id, name: person.name, email: person.email },
      session_id: claims.sid,
    };
  };
}

export type GatewayDecider = ReturnType<typeof createGatewayDecider>;

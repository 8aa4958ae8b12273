// The refresh_token grant. A refresh token is single use: refreshing spends it and issues its
// child, derived from it with an HMAC (nothing secret is stored, only digests), together with a
// new access token whose claims are stored with the child.
//
// Fast path: one statement spends a live token of a live session bound to this device and
// writes the child (refresh-rotation.ts). When it does nothing, the slow path says why:
// - unknown or expired token: TOKEN_REFRESH_INVALID;
// - session over: its reason; the right token from another device: the session is revoked
//   (TOKEN_DEVICE_MISMATCH);
// - a spent token: the same device replaying the token it just rotated, within the grace, while
//   the child is unspent, gets the very same pair (a client racing itself is not signed out);
//   anything else is reuse and revokes the session (TOKEN_REFRESH_REUSED).
import { createHmac, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import {
  ACCESS_TOKEN_AUDIENCE,
  type AccessClaims,
} from '../../shared/domain/auth/access-claims.ts';
import type { Profile } from '../../shared/domain/auth/token.ts';
import { AppError } from '../../shared/domain/errors/index.ts';
import type { Clock } from '../clock.ts';
import { sha256Hex } from '../security/tokens.ts';
import type { SignInConfig } from '../signin/signin-config.ts';
import { getSessionState } from '../storage/repositories/client-sessions.ts';
import { spendRefreshToken, type SpentRow } from '../storage/repositories/refresh-rotation.ts';
import type { Database } from '../storage/schema.ts';
import type { AccessTokenIssuer } from './access-token.ts';
import { revokedError, type Issued } from './issued-tokens.ts';
import { httpsAvatar } from './profile.ts';
import type { SessionRevoker } from './session-revoker.ts';
import { sessionProblem } from './session-state.ts';
import '../storage/session-tables.ts';

const DAY_MS = 86_400_000;

export interface RefreshGrantDeps {
  db: Kysely<Database>;
  clock: Clock;
  config: SignInConfig;
  issuer: AccessTokenIssuer;
  revoker: SessionRevoker;
  /** HMAC key deriving a refresh token's child. */
  rotationKey: Buffer;
}

const profileOf = (r: SpentRow): Profile => ({
  user_id: r.user_id,
  open_id: r.open_id,
  union_id: r.union_id,
  name: r.name,
  en_name: r.en_name,
  email: r.email,
  username: r.username,
  department_ids: r.dept,
  // Not named here: naming them cost 12-15% more PostgreSQL CPU per refresh (bench
  // signin-refresh, A/B). The client keeps the names it has for these ids and asks
  // GET /api/v1/session when one is new (main/core/profile-merge.ts).
  departments: [],
  avatar_url: httpsAvatar(r.avatar_url),
  tenant: { id: r.tenant_id, name: r.tenant_name },
  source: { id: r.source_id, name: r.source_name, brand: r.brand },
});

export function createRefreshGrant(deps: RefreshGrantDeps) {
  const { db, clock, issuer, revoker } = deps;
  const idleMs = deps.config.refreshIdleDays * DAY_MS;
  const graceMs = deps.config.refreshGraceSeconds * 1000;
  const childOf = (token: string) =>
    createHmac('sha256', deps.rotationKey).update(`refresh:${token}`).digest('base64url');

  async function fast(
    token: string,
    deviceId: string,
    ip: string | null,
  ): Promise<{ issued: Issued; profile: Profile } | undefined> {
    const key = await issuer.key();
    const now = clock.now();
    const iat = Math.floor(now.getTime() / 1000);
    const child = childOf(token);
    const spent = await spendRefreshToken(db, {
      tokenHash: sha256Hex(token),
      childHash: sha256Hex(child),
      deviceId,
      ip,
      now,
      idleExpiresAt: new Date(now.getTime() + idleMs),
      iss: issuer.issuer,
      aud: ACCESS_TOKEN_AUDIENCE,
      jti: randomUUID(),
      iat,
      exp: iat + issuer.lifetimeSeconds,
      kid: key.kid,
    });
    if (!spent) return undefined;
    const claims = spent.issued_claims as unknown as AccessClaims;
    const signed = await issuer.sign(claims, key);
    return {
      issued: {
        sessionId: spent.session_id,
        userId: spent.user_id,
        refreshToken: child,
        refreshExpiresAt: spent.refresh_expires_at,
        accessToken: signed.token,
        claims,
      },
      profile: profileOf(spent),
    };
  }

  async function slow(token: string, deviceId: string): Promise<Issued> {
    const now = clock.now();
    const parent = await db
      .selectFrom('refresh_tokens')
      .selectAll()
      .where('token_hash', '=', sha256Hex(token))
      .executeTakeFirst();
    if (!parent) throw new AppError('TOKEN_REFRESH_INVALID');
    const state = await getSessionState(db, parent.session_id);
    const problem = sessionProblem(state, now);
    if (!parent.rotated_at) {
      if (parent.expires_at <= now) throw new AppError('TOKEN_REFRESH_INVALID');
      if (problem || !state) throw revokedError(problem ?? 'deleted');
      if (state.device_id !== deviceId) {
        await revoker.revoke({ sessionId: state.id }, 'device_mismatch', null);
        throw revokedError('device_mismatch');
      }
      // Nothing wrong by now (a state that changed between the two reads): not this time.
      throw new AppError('TOKEN_REFRESH_INVALID');
    }
    if (problem && problem !== 'refresh_reuse') throw revokedError(problem);
    const child = childOf(token);
    const childRow = parent.child_hash
      ? await db
          .selectFrom('refresh_tokens')
          .selectAll()
          .where('token_hash', '=', parent.child_hash)
          .executeTakeFirst()
      : undefined;
    const benign =
      !problem &&
      state !== undefined &&
      now.getTime() - parent.rotated_at.getTime() <= graceMs &&
      parent.rotated_device_id === deviceId &&
      state.device_id === deviceId &&
      childRow !== undefined &&
      childRow.rotated_at === null &&
      childRow.token_hash === sha256Hex(child);
    if (benign) {
      const claims = childRow.issued_claims as unknown as AccessClaims;
      const signed = await issuer.sign(claims, await issuer.key(childRow.issued_kid));
      return {
        sessionId: state.id,
        userId: state.user_id,
        refreshToken: child,
        refreshExpiresAt: childRow.expires_at,
        accessToken: signed.token,
        claims,
      };
    }
    if (state) await revoker.revoke({ sessionId: state.id }, 'refresh_reuse', null);
    throw revokedError('refresh_reuse');
  }

  return async function refresh(input: {
    refreshToken: string;
    deviceId: string;
    ip: string | null;
  }): Promise<{ issued: Issued; profile?: Profile }> {
    const done = await fast(input.refreshToken, input.deviceId, input.ip);
    return done ?? { issued: await slow(input.refreshToken, input.deviceId) };
  };
}

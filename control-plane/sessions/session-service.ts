// Client sessions and their tokens. A session starts when a handoff code is redeemed and ends
// when revoked or expired. Each refresh token is single use: refreshing rotates it into a child
// derived from it with an HMAC (so nothing secret is stored, only digests), issued together
// with a new access token whose claims are stored with the child. Presenting a spent refresh
// token revokes the session, except that the same device replaying the token it just rotated,
// within a few seconds, gets the very same pair again (a client racing itself is not signed
// out). A refresh token presented by another device than the session's revokes the session.
import { createHmac, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AccessClaims } from '../../shared/domain/auth/access-claims.ts';
import {
  REVOKED_REASON_ERROR,
  type SessionRevokedReason,
} from '../../shared/domain/auth/stream-events.ts';
import type { Device, Profile, TokenResponse } from '../../shared/domain/auth/index.ts';
import { AppError } from '../../shared/domain/errors/index.ts';
import type { Clock } from '../clock.ts';
import { RateLimiter } from '../security/rate-limiter.ts';
import { randomToken, sha256Hex } from '../security/tokens.ts';
import type { SignInConfig } from '../signin/signin-config.ts';
import {
  departmentIdsOf,
  entitlementVersionOf,
  getSessionState,
  rotateRefreshToken,
  type RotationRow,
} from '../storage/repositories/client-sessions.ts';
import { json, type Database } from '../storage/schema.ts';
import type { AccessTokenIssuer } from './access-token.ts';
import type { SigningKeyRef } from './signing-keys.ts';
import { loadProfile } from './profile.ts';
import type { SessionRevoker } from './session-revoker.ts';
import { sessionProblem } from './session-state.ts';
import '../storage/session-tables.ts';

const DAY_MS = 86_400_000;

export interface NewSessionInput {
  tenantId: string;
  sourceId: string;
  userId: string;
  device: Device;
  ip: string | null;
  userAgent: string | null;
}

interface Issued {
  sessionId: string;
  userId: string;
  refreshToken: string;
  refreshExpiresAt: Date;
  accessToken: string;
  claims: AccessClaims;
}

export interface SessionServiceDeps {
  db: Kysely<Database>;
  clock: Clock;
  config: SignInConfig;
  issuer: AccessTokenIssuer;
  revoker: SessionRevoker;
  /** HMAC key deriving a refresh token's child. */
  rotationKey: Buffer;
}

export type SessionService = ReturnType<typeof createSessionService>;

/** The error a client gets for a session that is no longer live. */
export const revokedError = (reason: SessionRevokedReason) =>
  new AppError(REVOKED_REASON_ERROR[reason], { details: { reason } });

/** The profile from a rotation's row, or undefined when the user is gone from the directory. */
const profileOf = (r: RotationRow): Profile | undefined =>
  r.open_id === null || r.union_id === null || r.name === null
    ? undefined
    : {
        user_id: r.user_id,
        open_id: r.open_id,
        union_id: r.union_id,
        name: r.name,
        en_name: r.en_name,
        email: r.email,
        username: r.username,
        department_ids: r.dept,
        tenant: { id: r.tenant_id, name: r.tenant_name },
        source: { id: r.source_id, name: r.source_name, brand: r.brand },
      };

export function createSessionService(deps: SessionServiceDeps) {
  const { db, clock, config, issuer, revoker } = deps;
  const idleMs = config.refreshIdleDays * DAY_MS;
  const graceMs = config.refreshGraceSeconds * 1000;
  const perSession = new RateLimiter({
    limit: config.refreshPerSessionPerMinute,
    windowMs: 60_000,
    clock,
  });

  const childOf = (token: string) =>
    createHmac('sha256', deps.rotationKey).update(`refresh:${token}`).digest('base64url');

  async function claimsOf(
    trx: Kysely<Database>,
    base: { sessionId: string; userId: string; tenantId: string; sourceId: string },
  ): Promise<AccessClaims> {
    const [departmentIds, entitlementVersion] = await Promise.all([
      departmentIdsOf(trx, base.sourceId, base.userId),
      entitlementVersionOf(trx, base.userId),
    ]);
    return issuer.claimsFor({ ...base, departmentIds, entitlementVersion });
  }

  async function insertRefresh(
    trx: Kysely<Database>,
    token: string,
    sessionId: string,
    sessionExpiresAt: Date,
    claims: AccessClaims,
    kid: string,
  ): Promise<Date> {
    const now = clock.now();
    const expiresAt = new Date(Math.min(now.getTime() + idleMs, sessionExpiresAt.getTime()));
    await trx
      .insertInto('refresh_tokens')
      .values({
        token_hash: sha256Hex(token),
        session_id: sessionId,
        created_at: now,
        expires_at: expiresAt,
        rotated_at: null,
        rotated_device_id: null,
        child_hash: null,
        issued_claims: json(claims),
        issued_kid: kid,
      })
      .execute();
    return expiresAt;
  }

  async function respond(issued: Issued, known?: Profile): Promise<TokenResponse> {
    const profile = known ?? (await loadProfile(db, issued.userId, issued.claims.dept));
    if (!profile) throw revokedError('user_disabled');
    const nowS = Math.floor(clock.now().getTime() / 1000);
    return {
      token_type: 'Bearer',
      access_token: issued.accessToken,
      expires_in: Math.max(1, issued.claims.exp - nowS),
      refresh_token: issued.refreshToken,
      refresh_expires_in: Math.max(
        1,
        Math.floor((issued.refreshExpiresAt.getTime() - clock.now().getTime()) / 1000),
      ),
      session_id: issued.sessionId,
      entitlement_version: issued.claims.ev,
      profile,
    };
  }

  type RefreshOutcome =
    | { kind: 'issued'; issued: Issued; profile: Profile | undefined }
    | { kind: 'spent' }
    | { kind: 'revoked'; ids: string[]; reason: SessionRevokedReason };

  async function rotate(refreshToken: string, deviceId: string, ip: string | null) {
    const hash = sha256Hex(refreshToken);
    const child = childOf(refreshToken);
    const key = await issuer.key();
    return db.transaction().execute(async (trx): Promise<RefreshOutcome> => {
      const now = clock.now();
      const state = await rotateRefreshToken(trx, {
        tokenHash: hash,
        childHash: sha256Hex(child),
        deviceId,
        ip,
        now,
      });
      if (!state) return { kind: 'spent' };
      const problem = sessionProblem(state, now);
      if (problem) throw revokedError(problem);
      if (state.device_id !== deviceId) {
        const ids = await revoker.revokeIn(trx, { sessionId: state.id }, 'device_mismatch', null);
        return { kind: 'revoked', ids, reason: 'device_mismatch' };
      }
      const limit = perSession.hit(state.id);
      if (!limit.allowed)
        throw new AppError('RATE_LIMITED', {
          params: { retryAfterSeconds: limit.retryAfterSeconds },
        });
      const claims = issuer.claimsFor({
        sessionId: state.id,
        userId: state.user_id,
        tenantId: state.tenant_id,
        sourceId: state.source_id,
        departmentIds: state.dept,
        entitlementVersion: state.ev,
      });
      const signed = await issuer.sign(claims, key);
      const refreshExpiresAt = await insertRefresh(
        trx,
        child,
        state.id,
        state.expires_at,
        claims,
        signed.kid,
      );
      return {
        kind: 'issued',
        issued: {
          sessionId: state.id,
          userId: state.user_id,
          refreshToken: child,
          refreshExpiresAt,
          accessToken: signed.token,
          claims,
        },
        profile: profileOf(state),
      };
    });
  }

  /** A token that was already rotated: the benign race gets the same pair, anything else is reuse. */
  async function replay(refreshToken: string, deviceId: string): Promise<Issued> {
    const now = clock.now();
    const parent = await db
      .selectFrom('refresh_tokens')
      .selectAll()
      .where('token_hash', '=', sha256Hex(refreshToken))
      .executeTakeFirst();
    if (!parent || !parent.rotated_at) throw new AppError('TOKEN_REFRESH_INVALID');
    const state = await getSessionState(db, parent.session_id);
    const problem = sessionProblem(state, now);
    if (problem && problem !== 'refresh_reuse') throw revokedError(problem);
    const child = childOf(refreshToken);
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

  return {
    /** Starts a session inside the caller's transaction (the handoff redemption). */
    async createIn(
      trx: Kysely<Database>,
      input: NewSessionInput,
      key: SigningKeyRef,
    ): Promise<Issued> {
      const now = clock.now();
      const sessionId = randomUUID();
      const expiresAt = new Date(now.getTime() + config.sessionMaxDays * DAY_MS);
      await trx
        .insertInto('client_sessions')
        .values({
          id: sessionId,
          tenant_id: input.tenantId,
          source_id: input.sourceId,
          user_id: input.userId,
          device_id: input.device.id,
          device_name: input.device.name,
          device_os: input.device.os,
          app_version: input.device.app_version,
          ip: input.ip,
          user_agent: input.userAgent,
          created_at: now,
          last_seen_at: now,
          expires_at: expiresAt,
          revoked_at: null,
          revoked_reason: null,
          revoked_by: null,
        })
        .execute();
      // The user may have been disabled since the callback: never start a dead session.
      const problem = sessionProblem(await getSessionState(trx, sessionId), now);
      if (problem) throw revokedError(problem);
      const claims = await claimsOf(trx, {
        sessionId,
        userId: input.userId,
        tenantId: input.tenantId,
        sourceId: input.sourceId,
      });
      const signed = await issuer.sign(claims, key);
      const refreshToken = randomToken(32);
      const refreshExpiresAt = await insertRefresh(
        trx,
        refreshToken,
        sessionId,
        expiresAt,
        claims,
        signed.kid,
      );
      return {
        sessionId,
        userId: input.userId,
        refreshToken,
        refreshExpiresAt,
        accessToken: signed.token,
        claims,
      };
    },

    respond,
    /** The signing key for createIn, fetched before its transaction. */
    signingKey: () => issuer.key(),

    async refresh(input: {
      refreshToken: string;
      deviceId: string;
      ip: string | null;
    }): Promise<TokenResponse> {
      const outcome = await rotate(input.refreshToken, input.deviceId, input.ip);
      if (outcome.kind === 'revoked') {
        await revoker.publish(outcome.ids);
        throw revokedError(outcome.reason);
      }
      if (outcome.kind === 'issued') return respond(outcome.issued, outcome.profile);
      return respond(await replay(input.refreshToken, input.deviceId));
    },

    /** The live state of a session, or the precise error a client should get. */
    async requireLive(sessionId: string) {
      const state = await getSessionState(db, sessionId);
      const problem = sessionProblem(state, clock.now());
      if (problem || !state) throw revokedError(problem ?? 'deleted');
      return state;
    },

    async touch(sessionId: string, lastSeen: Date, ip: string | null): Promise<void> {
      const now = clock.now();
      if (now.getTime() - lastSeen.getTime() < 60_000) return;
      await db
        .updateTable('client_sessions')
        .set({ last_seen_at: now, ip })
        .where('id', '=', sessionId)
        .execute();
    },

    logout: (sessionId: string) => revoker.revoke({ sessionId }, 'logout', null),
  };
}

// Client sessions: started when a handoff code is redeemed (with their first token pair),
// refreshed through the refresh grant (refresh-grant.ts), checked live by client APIs, ended by
// sign-out or revocation (session-revoker.ts).
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AccessClaims } from '../../shared/domain/auth/access-claims.ts';
import type { Device, Profile, TokenResponse } from '../../shared/domain/auth/index.ts';
import type { Clock } from '../clock.ts';
import { randomToken, sha256Hex } from '../security/tokens.ts';
import type { SignInConfig } from '../signin/signin-config.ts';
import {
  departmentIdsOf,
  entitlementVersionOf,
  getSessionState,
} from '../storage/repositories/client-sessions.ts';
import { json, type Database } from '../storage/schema.ts';
import type { AccessTokenIssuer } from './access-token.ts';
import { revokedError, type Issued } from './issued-tokens.ts';
import { loadProfile } from './profile.ts';
import { createRefreshGrant } from './refresh-grant.ts';
import type { SessionRevoker } from './session-revoker.ts';
import { sessionProblem } from './session-state.ts';
import type { SigningKeyRef } from './signing-keys.ts';
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
export { revokedError };

export function createSessionService(deps: SessionServiceDeps) {
  const { db, clock, config, issuer, revoker } = deps;
  const idleMs = config.refreshIdleDays * DAY_MS;
  const refreshGrant = createRefreshGrant(deps);

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
      const { issued, profile } = await refreshGrant(input);
      return respond(issued, profile);
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

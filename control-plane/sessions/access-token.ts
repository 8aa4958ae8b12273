// Access tokens: short JWTs (EdDSA) with the session, user, tenant, source, departments and
// entitlement version. Verification checks signature, issuer, audience and expiry only; whether
// the session is still live is the session state's business (access-guard.ts).
import { randomUUID } from 'node:crypto';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import {
  ACCESS_TOKEN_AUDIENCE,
  accessClaimsSchema,
  type AccessClaims,
} from '../../shared/domain/auth/access-claims.ts';
import { AppError } from '../../shared/domain/errors/index.ts';
import type { Clock } from '../clock.ts';
import { SIGNING_ALG, type KeyRing, type SigningKeyRef } from './signing-keys.ts';

export interface ClaimsInput {
  sessionId: string;
  userId: string;
  tenantId: string;
  sourceId: string;
  departmentIds: string[];
  entitlementVersion: number;
}

export interface AccessTokenIssuer {
  /** The claims of a new token (not yet signed): stored with its refresh token. */
  claimsFor(input: ClaimsInput): AccessClaims;
  /** The key to sign with: fetch it before a database transaction (PGlite has one connection,
   *  and the key ring may need it), then sign inside. `kid` reproduces an earlier token's key. */
  key(kid?: string): Promise<SigningKeyRef>;
  sign(claims: AccessClaims, key: SigningKeyRef): Promise<{ token: string; kid: string }>;
  verify(token: string): Promise<AccessClaims>;
  readonly lifetimeSeconds: number;
  /** The iss claim: the control plane's public URL. */
  readonly issuer: string;
}

/** Claims in one fixed order: jsonb storage reorders keys, and a grace replay re-signs the
 *  stored claims, which must give the very same token (Ed25519 signatures are deterministic). */
const canonical = (c: AccessClaims): AccessClaims => ({
  iss: c.iss,
  aud: c.aud,
  sub: c.sub,
  sid: c.sid,
  tenant: c.tenant,
  source: c.source,
  dept: c.dept,
  ev: c.ev,
  jti: c.jti,
  iat: c.iat,
  exp: c.exp,
});

export function createAccessTokenIssuer(options: {
  keys: KeyRing;
  clock: Clock;
  issuer: string;
  lifetimeSeconds: number;
}): AccessTokenIssuer {
  const { keys, clock, issuer, lifetimeSeconds } = options;
  return {
    lifetimeSeconds,
    issuer,
    claimsFor(input) {
      const iat = Math.floor(clock.now().getTime() / 1000);
      return {
        iss: issuer,
        aud: ACCESS_TOKEN_AUDIENCE,
        sub: input.userId,
        sid: input.sessionId,
        tenant: input.tenantId,
        source: input.sourceId,
        dept: input.departmentIds,
        ev: input.entitlementVersion,
        jti: randomUUID(),
        iat,
        exp: iat + lifetimeSeconds,
      };
    },
    async key(kid) {
      return (kid ? await keys.signingKeyById(kid) : undefined) ?? (await keys.signingKey());
    },
    async sign(claims, key) {
      const token = await new SignJWT(canonical(claims))
        .setProtectedHeader({ alg: SIGNING_ALG, kid: key.kid, typ: 'at+jwt' })
        .sign(key.key);
      return { token, kid: key.kid };
    },
    async verify(token) {
      try {
        const { payload } = await jwtVerify(
          token,
          async (header) => {
            const key = header.kid ? await keys.verificationKey(header.kid) : undefined;
            if (!key) throw new AppError('ACCESS_TOKEN_INVALID');
            return key;
          },
          {
            issuer,
            audience: ACCESS_TOKEN_AUDIENCE,
            algorithms: [SIGNING_ALG],
            typ: 'at+jwt',
            currentDate: clock.now(),
            clockTolerance: 5,
          },
        );
        const parsed = accessClaimsSchema.safeParse(payload);
        if (!parsed.success) throw new AppError('ACCESS_TOKEN_INVALID');
        return parsed.data;
      } catch (err) {
        if (err instanceof AppError) throw err;
        if (err instanceof joseErrors.JWTExpired) throw new AppError('ACCESS_TOKEN_EXPIRED');
        throw new AppError('ACCESS_TOKEN_INVALID');
      }
    },
  };
}

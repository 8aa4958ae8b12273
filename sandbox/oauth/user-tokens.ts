// User access and refresh tokens. v2 tokens look like the platform's long "eyJ..." strings
// (JWT-shaped, opaque to clients: the sandbox looks them up, it never verifies a signature);
// legacy passport tokens use the older "u-"/"ur-" prefixes. Refresh tokens rotate: each is
// single use, the access tokens issued before a refresh keep working for one more minute, and
// replaying a spent refresh token revokes the whole family (see sandbox/README.md).
import { randomBytes } from 'node:crypto';
import type { SandboxClock } from '../clock.ts';
import type { Brand } from '../org/types.ts';
import type { OAuthFlow } from './codes.ts';

export const ACCESS_GRACE_MS = 60_000;
export const AUTH_MAX_AGE_MS = 365 * 24 * 3600_000;
const REMEMBER_SPENT_MS = 24 * 3600_000;

export interface UserGrant {
  brand: Brand;
  /** Which endpoint issued the token family; v2 refuses passport refresh tokens (20026). */
  flow: OAuthFlow;
  appId: string;
  userKey: string;
  scopes: string[];
  authTime: number;
}

export interface TokenLifetimes {
  accessSeconds: number;
  /** Absent: no refresh token (v2 without offline_access). */
  refreshSeconds?: number;
}

export interface IssuedTokens {
  accessToken: string;
  expiresIn: number;
  refreshToken?: string;
  refreshExpiresIn?: number;
}

interface Family {
  revoked: boolean;
  accessTokens: Set<string>;
}

interface AccessEntry {
  grant: UserGrant;
  familyId: string;
  expiresAt: number;
}

interface RefreshEntry {
  grant: UserGrant;
  familyId: string;
  expiresAt: number;
  spent: boolean;
}

export type AccessLookup =
  | { ok: true; grant: UserGrant; expiresAt: number }
  | { ok: false; reason: 'unknown' | 'expired' | 'revoked' };

export type RefreshLookup =
  | { ok: true; grant: UserGrant }
  | { ok: false; reason: 'unknown' | 'used' | 'revoked' | 'expired' };

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

function jwtShaped(claims: Record<string, unknown>): string {
  const header = b64({ alg: 'ES256', kid: 'sandbox-1', typ: 'JWT' });
  // The padding claim makes the token about as long as the platform's (1-2 KB).
  const body = b64({
    ...claims,
    jti: randomBytes(16).toString('hex'),
    ext: randomBytes(480).toString('base64url'),
  });
  return `${header}.${body}.${randomBytes(64).toString('base64url')}`;
}

export class UserTokenStore {
  private readonly access = new Map<string, AccessEntry>();
  private readonly refresh = new Map<string, RefreshEntry>();
  private readonly families = new Map<string, Family>();
  private readonly clock: SandboxClock;
  private issued = 0;

  constructor(clock: SandboxClock) {
    this.clock = clock;
  }

  issue(grant: UserGrant, lifetimes: TokenLifetimes): IssuedTokens {
    const familyId = randomBytes(12).toString('hex');
    this.families.set(familyId, { revoked: false, accessTokens: new Set() });
    return this.issueIn(familyId, grant, lifetimes);
  }

  lookupAccess(token: string): AccessLookup {
    const entry = this.access.get(token);
    if (!entry) return { ok: false, reason: 'unknown' };
    if (this.families.get(entry.familyId)?.revoked) return { ok: false, reason: 'revoked' };
    if (this.clock.now() >= entry.expiresAt) return { ok: false, reason: 'expired' };
    return { ok: true, grant: entry.grant, expiresAt: entry.expiresAt };
  }

  lookupRefresh(token: string): RefreshLookup {
    const entry = this.refresh.get(token);
    if (!entry) return { ok: false, reason: 'unknown' };
    if (this.families.get(entry.familyId)?.revoked) return { ok: false, reason: 'revoked' };
    if (entry.spent) return { ok: false, reason: 'used' };
    if (this.clock.now() >= entry.expiresAt) return { ok: false, reason: 'expired' };
    return { ok: true, grant: entry.grant };
  }

  /**
   * Spends a refresh token (callers check lookupRefresh first) and issues the next pair in the
   * same family. Access tokens issued earlier in the family live one more minute at most.
   */
  rotate(token: string, scopes: string[], lifetimes: TokenLifetimes): IssuedTokens {
    const entry = this.refresh.get(token);
    if (!entry) throw new Error('rotate() needs a live refresh token');
    entry.spent = true;
    const family = this.families.get(entry.familyId);
    const graceEnd = this.clock.now() + ACCESS_GRACE_MS;
    for (const t of family?.accessTokens ?? []) {
      const a = this.access.get(t);
      if (a && a.expiresAt > graceEnd) a.expiresAt = graceEnd;
    }
    family?.accessTokens.clear();
    return this.issueIn(entry.familyId, { ...entry.grant, scopes }, lifetimes);
  }

  /** Replay of a spent refresh token: revoke every token of its family. */
  revokeFamilyOf(refreshToken: string): void {
    const entry = this.refresh.get(refreshToken);
    const family = entry && this.families.get(entry.familyId);
    if (family) family.revoked = true;
  }

  private issueIn(familyId: string, grant: UserGrant, lifetimes: TokenLifetimes): IssuedTokens {
    if (++this.issued % 256 === 0) this.prune();
    const now = this.clock.now();
    const passport = grant.flow === 'passport';
    const accessToken = passport
      ? `u-${randomBytes(36).toString('base64url')}`
      : jwtShaped({ typ: 'access', aud: grant.appId, iat: Math.floor(now / 1000) });
    const expiresAt = now + lifetimes.accessSeconds * 1000;
    this.access.set(accessToken, { grant, familyId, expiresAt });
    this.families.get(familyId)?.accessTokens.add(accessToken);
    const out: IssuedTokens = { accessToken, expiresIn: lifetimes.accessSeconds };
    if (lifetimes.refreshSeconds !== undefined) {
      const refreshToken = passport
        ? `ur-${randomBytes(36).toString('base64url')}`
        : jwtShaped({ typ: 'refresh', aud: grant.appId, iat: Math.floor(now / 1000) });
      this.refresh.set(refreshToken, {
        grant,
        familyId,
        expiresAt: now + lifetimes.refreshSeconds * 1000,
        spent: false,
      });
      out.refreshToken = refreshToken;
      out.refreshExpiresIn = lifetimes.refreshSeconds;
    }
    return out;
  }

  private prune(): void {
    const now = this.clock.now();
    const live = new Set<string>();
    for (const [t, e] of this.access) {
      if (now >= e.expiresAt + REMEMBER_SPENT_MS) this.access.delete(t);
      else live.add(e.familyId);
    }
    for (const [t, e] of this.refresh) {
      if (now >= e.expiresAt + REMEMBER_SPENT_MS) this.refresh.delete(t);
      else live.add(e.familyId);
    }
    for (const id of this.families.keys()) if (!live.has(id)) this.families.delete(id);
  }
}

// The two grants behind both token endpoints (v2 and legacy passport): authorization_code and
// refresh_token. They return a platform error code or the issued tokens; the endpoints only
// shape the response. A failed exchange does not spend the code.
import { createHash } from 'node:crypto';
import type { SandboxApp } from '../org/types.ts';
import { availableTo, userProblem } from './accounts.ts';
import type { CodeGrant, OAuthFlow } from './codes.ts';
import type { OAuthDeps } from './state.ts';
import type { TokenErrorCode } from './token-errors.ts';
import { AUTH_MAX_AGE_MS, type IssuedTokens, type TokenLifetimes } from './user-tokens.ts';

export const V2_LIFETIMES = { accessSeconds: 7200, refreshSeconds: 604800 } as const;
/** The legacy passport doc's example values (expires_in 3600, refresh_expires_in 864000). */
export const PASSPORT_LIFETIMES = { accessSeconds: 3600, refreshSeconds: 864000 } as const;
export const OFFLINE_ACCESS = 'offline_access';

const VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;

export interface GrantParams {
  code?: string | undefined;
  redirect_uri?: string | undefined;
  code_verifier?: string | undefined;
  scope?: string | undefined;
  refresh_token?: string | undefined;
}

export type GrantOutcome =
  { ok: true; tokens: IssuedTokens; scopes: string[] } | { ok: false; code: TokenErrorCode };

const fail = (code: TokenErrorCode): GrantOutcome => ({ ok: false, code });

export function pkceMatches(grant: CodeGrant, verifier: string | undefined): boolean {
  if (!grant.codeChallenge) return true;
  if (!verifier || !VERIFIER.test(verifier)) return false;
  if (grant.codeChallengeMethod === 'S256') {
    return createHash('sha256').update(verifier).digest('base64url') === grant.codeChallenge;
  }
  return verifier === grant.codeChallenge;
}

/** The optional `scope` parameter narrows a token to part of what the user granted. */
function narrow(
  granted: string[],
  scope: string | undefined,
): { ok: true; scopes: string[] } | { ok: false; code: TokenErrorCode } {
  const asked = (scope ?? '').split(' ').filter(Boolean);
  if (asked.length === 0) return { ok: true, scopes: granted };
  if (new Set(asked).size !== asked.length) return { ok: false, code: 20067 };
  if (asked.some((s) => !granted.includes(s))) return { ok: false, code: 20068 };
  return { ok: true, scopes: asked };
}

function userError(deps: OAuthDeps, app: SandboxApp, userKey: string): TokenErrorCode | undefined {
  const user = deps.ctx.store.users.get(userKey);
  const problem = userProblem(user);
  if (problem === 'gone' || problem === 'resigned') return 20008;
  if (problem) return 20066;
  if (user && !availableTo(deps.ctx.store, app, user)) return 20010;
  return undefined;
}

function lifetimes(flow: OAuthFlow, scopes: string[]): TokenLifetimes {
  if (flow === 'passport') return PASSPORT_LIFETIMES;
  return scopes.includes(OFFLINE_ACCESS)
    ? V2_LIFETIMES
    : { accessSeconds: V2_LIFETIMES.accessSeconds };
}

export function exchangeCode(
  deps: OAuthDeps,
  app: SandboxApp,
  params: GrantParams,
  flow: OAuthFlow,
): GrantOutcome {
  const { state } = deps;
  if (!params.code) return fail(20001);
  const hit = state.codes.peek(params.code);
  if (!hit.ok)
    return fail(hit.reason === 'used' ? 20065 : hit.reason === 'expired' ? 20004 : 20003);
  const g = hit.grant;
  if (g.appId !== app.appId || g.brand !== deps.brand) return fail(20024);
  if (params.redirect_uri !== undefined && params.redirect_uri !== g.redirectUri) {
    return fail(20071);
  }
  if (!pkceMatches(g, params.code_verifier)) return fail(20049);
  const narrowed =
    flow === 'v2' ? narrow(g.scopes, params.scope) : { ok: true as const, scopes: g.scopes };
  if (!narrowed.ok) return narrowed;
  const userCode = userError(deps, app, g.userKey);
  if (userCode) return fail(userCode);

  state.codes.consume(params.code);
  const scopes = narrowed.scopes;
  const tokens = state.tokens.issue(
    { brand: g.brand, flow, appId: app.appId, userKey: g.userKey, scopes, authTime: g.authTime },
    lifetimes(flow, scopes),
  );
  return { ok: true, tokens, scopes };
}

export function refreshTokens(
  deps: OAuthDeps,
  app: SandboxApp,
  params: GrantParams,
  flow: OAuthFlow,
): GrantOutcome {
  const { state, ctx } = deps;
  const token = params.refresh_token;
  if (!token) return fail(20001);
  const hit = state.tokens.lookupRefresh(token);
  if (!hit.ok) {
    if (hit.reason === 'used') state.tokens.revokeFamilyOf(token);
    const byReason = { unknown: 20026, used: 20073, revoked: 20064, expired: 20037 } as const;
    return fail(byReason[hit.reason]);
  }
  const g = hit.grant;
  // Only refresh tokens issued by the same endpoint are accepted (v2: 20026).
  if (g.flow !== flow) return fail(20026);
  if (g.appId !== app.appId || g.brand !== deps.brand) return fail(20024);
  if (!app.allowRefresh) return fail(20074);
  if (ctx.clock.now() >= g.authTime + AUTH_MAX_AGE_MS) return fail(20037);
  const narrowed =
    flow === 'v2' ? narrow(g.scopes, params.scope) : { ok: true as const, scopes: g.scopes };
  if (!narrowed.ok) return narrowed;
  const userCode = userError(deps, app, g.userKey);
  if (userCode) return fail(userCode);

  const scopes = narrowed.scopes;
  const tokens = state.tokens.rotate(token, scopes, lifetimes(flow, scopes));
  return { ok: true, tokens, scopes };
}

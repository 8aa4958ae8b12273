// Builds the redirect back to the app. The platform appends code/state (or error/state) to the
// registered redirect_uri as it was written and keeps any #fragment at the very end, so the
// URL is not round-tripped through URL/URLSearchParams (that would re-encode the app's query).
import type { AuthorizeRequest } from './authorize-request.ts';
import type { OAuthDeps } from './state.ts';

export function appendQuery(url: string, params: Record<string, string | undefined>): string {
  const hashAt = url.indexOf('#');
  const base = hashAt === -1 ? url : url.slice(0, hashAt);
  const fragment = hashAt === -1 ? '' : url.slice(hashAt);
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) query.append(k, v);
  const qs = query.toString();
  if (!qs) return url;
  const sep = !base.includes('?') ? '?' : base.endsWith('?') || base.endsWith('&') ? '' : '&';
  return `${base}${sep}${qs}${fragment}`;
}

/** Issues an authorization code for a signed-in (or QR-scanned) user and returns the redirect. */
export function codeRedirect(deps: OAuthDeps, request: AuthorizeRequest, userKey: string): string {
  const { state, ctx } = deps;
  const scopes = state.grants.grant(request.appId, userKey, request.scopes);
  const code = state.codes.issue({
    brand: request.brand,
    flow: request.flow,
    appId: request.appId,
    userKey,
    redirectUri: request.redirectUri,
    scopes,
    authTime: ctx.clock.now(),
    ...(request.codeChallenge
      ? { codeChallenge: request.codeChallenge, codeChallengeMethod: request.codeChallengeMethod }
      : {}),
  });
  return appendQuery(request.redirectUri, { code, state: request.state });
}

export const deniedRedirect = (request: AuthorizeRequest): string =>
  appendQuery(request.redirectUri, { error: 'access_denied', state: request.state });

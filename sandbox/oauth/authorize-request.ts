// Parses and checks an authorize request (new accounts page or legacy passport) against the
// app's registration. Problems that make a redirect unsafe or pointless are shown on a page,
// never redirected, as the platform does (e.g. 20027 for a scope the app has not enabled).
import { z } from 'zod';
import type { OrgStore } from '../org/org-store.ts';
import type { Brand, SandboxApp } from '../org/types.ts';
import type { OAuthFlow, PkceMethod } from './codes.ts';
import type { PageErrorKey } from './i18n.ts';

export const MAX_SCOPES = 50;
const PKCE_VALUE = /^[A-Za-z0-9\-._~]{43,128}$/;

export interface AuthorizeRequest {
  brand: Brand;
  flow: OAuthFlow;
  appId: string;
  redirectUri: string;
  state?: string;
  scopes: string[];
  codeChallenge?: string;
  codeChallengeMethod?: PkceMethod;
}

export interface AuthorizeProblem {
  code: number;
  key: PageErrorKey;
  vars?: Record<string, string>;
}

export type AuthorizeParse =
  | { ok: true; request: AuthorizeRequest; app: SandboxApp }
  | { ok: false; problem: AuthorizeProblem };

// Repeated query parameters arrive as arrays; the platform reads the first.
const first = z.preprocess((v) => (Array.isArray(v) ? v[0] : v), z.string().optional());
const Query = z.object({
  client_id: first,
  app_id: first,
  response_type: first,
  redirect_uri: first,
  scope: first,
  state: first,
  code_challenge: first,
  code_challenge_method: first,
});

const fail = (code: number, key: PageErrorKey, vars?: Record<string, string>): AuthorizeParse => ({
  ok: false,
  problem: { code, key, ...(vars ? { vars } : {}) },
});

/** The app as seen from one brand: a Feishu app does not exist on Lark and vice versa. */
export function appOnBrand(store: OrgStore, brand: Brand, appId: string): SandboxApp | undefined {
  const app = store.apps.get(appId);
  return app && app.brand === brand ? app : undefined;
}

/** Scopes the app may ask users for: its user-token scopes, as enabled in the console. */
export const enabledUserScopes = (app: SandboxApp): Set<string> => new Set(app.userScopes);

export function parseAuthorizeRequest(
  store: OrgStore,
  brand: Brand,
  flow: OAuthFlow,
  query: unknown,
): AuthorizeParse {
  const parsed = Query.safeParse(query ?? {});
  if (!parsed.success) return fail(20063, 'missingParam', { param: 'client_id' });
  const q = parsed.data;
  const appId = q.client_id || q.app_id;
  if (!appId) return fail(20001, 'missingParam', { param: 'client_id' });
  const app = appOnBrand(store, brand, appId);
  if (!app) return fail(20048, 'appNotFound');
  if (!app.enabled) return fail(20069, 'appDisabled');
  if (!q.redirect_uri) return fail(20001, 'missingParam', { param: 'redirect_uri' });
  if (!app.redirectUrls.includes(q.redirect_uri)) return fail(20029, 'redirectMismatch');
  if (q.response_type !== 'code') {
    return q.response_type
      ? fail(20063, 'responseType')
      : fail(20001, 'missingParam', { param: 'response_type' });
  }
  const request: AuthorizeRequest = {
    brand,
    flow,
    appId,
    redirectUri: q.redirect_uri,
    scopes: [],
    ...(q.state !== undefined ? { state: q.state } : {}),
  };
  // The legacy passport flow has neither scopes nor PKCE; it ignores those parameters.
  if (flow === 'passport') return { ok: true, request, app };

  const scopes = (q.scope ?? '').split(' ').filter(Boolean);
  if (scopes.length > MAX_SCOPES) return fail(20063, 'tooManyScopes');
  const seen = new Set<string>();
  const enabled = enabledUserScopes(app);
  for (const s of scopes) {
    if (seen.has(s)) return fail(20067, 'scopeDuplicate', { scope: s });
    seen.add(s);
    if (!enabled.has(s)) return fail(20027, 'scopeNotEnabled', { scope: s });
  }
  request.scopes = scopes;

  if (q.code_challenge !== undefined || q.code_challenge_method !== undefined) {
    const method = q.code_challenge_method ?? 'plain';
    if (method !== 'plain' && method !== 'S256') return fail(20063, 'badPkce');
    if (!q.code_challenge || !PKCE_VALUE.test(q.code_challenge)) return fail(20063, 'badPkce');
    request.codeChallenge = q.code_challenge;
    request.codeChallengeMethod = method;
  }
  return { ok: true, request, app };
}

// The OAuth module's in-memory state, one per sandbox (shared by the Feishu and Lark mounts,
// whose records carry their brand). Other sandbox modules that accept user_access_tokens
// (contact APIs called with a user token) verify them with verifyUserAccessToken().
import type { SandboxContext } from '../context.ts';
import type { Brand } from '../org/types.ts';
import { BrowserSessionStore } from './browser-sessions.ts';
import { AuthCodeStore } from './codes.ts';
import { GrantStore } from './grants.ts';
import { QrStore } from './qr-store.ts';
import { TxnStore } from './transactions.ts';
import { UserTokenStore, type UserGrant } from './user-tokens.ts';

export interface OAuthState {
  codes: AuthCodeStore;
  tokens: UserTokenStore;
  grants: GrantStore;
  sessions: BrowserSessionStore;
  txns: TxnStore;
  qrs: QrStore;
}

const states = new WeakMap<SandboxContext, OAuthState>();

export function oauthState(ctx: SandboxContext): OAuthState {
  let state = states.get(ctx);
  if (!state) {
    state = {
      codes: new AuthCodeStore(ctx.clock),
      tokens: new UserTokenStore(ctx.clock),
      grants: new GrantStore(),
      sessions: new BrowserSessionStore(ctx.clock),
      txns: new TxnStore(ctx.clock),
      qrs: new QrStore(ctx.clock),
    };
    states.set(ctx, state);
  }
  return state;
}

/** What every route of the module is given. */
export interface OAuthDeps {
  ctx: SandboxContext;
  state: OAuthState;
  brand: Brand;
}

export type UserTokenCheck =
  | { ok: true; appId: string; userKey: string; scopes: string[]; brand: Brand }
  | { ok: false; reason: 'unknown' | 'expired' | 'revoked' | 'wrong_brand' };

/** Verifies a user_access_token (v2 or passport) presented to a brand's Open APIs. */
export function verifyUserAccessToken(
  ctx: SandboxContext,
  brand: Brand,
  token: string,
): UserTokenCheck {
  const hit = oauthState(ctx).tokens.lookupAccess(token);
  if (!hit.ok) return hit;
  const g: UserGrant = hit.grant;
  if (g.brand !== brand) return { ok: false, reason: 'wrong_brand' };
  return { ok: true, appId: g.appId, userKey: g.userKey, scopes: g.scopes, brand: g.brand };
}

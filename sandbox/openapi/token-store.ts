// tenant_access_token / app_access_token issuance (reference section 2): 2 h lifetime on the
// sandbox clock; the same token is handed out until fewer than 30 minutes remain, then a new one
// while the old stays valid until it expires. One store per sandbox (per context).
import { randomBytes } from 'node:crypto';
import type { SandboxContext } from '../context.ts';
import type { Brand, SandboxApp } from '../org/types.ts';

export const TOKEN_LIFETIME_MS = 2 * 60 * 60 * 1000;
export const TOKEN_RENEW_BELOW_MS = 30 * 60 * 1000;

export interface IssuedToken {
  token: string;
  appId: string;
  tenantKey: string;
  brand: Brand;
  expiresAt: number;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function mintToken(): string {
  const bytes = randomBytes(36);
  let out = 't-g1044';
  for (const b of bytes) out += ALPHABET[b & 31];
  return out;
}

export class TokenStore {
  private readonly byToken = new Map<string, IssuedToken>();
  private readonly latest = new Map<string, IssuedToken>(); // brand+appId -> newest token
  private readonly now: () => number;

  constructor(now: () => number) {
    this.now = now;
  }

  /** The token to hand out now and its remaining lifetime in whole seconds. */
  issue(app: SandboxApp, brand: Brand): { token: string; expire: number } {
    const now = this.now();
    const key = `${brand}\u0000${app.appId}`;
    let current = this.latest.get(key);
    if (!current || current.expiresAt - now < TOKEN_RENEW_BELOW_MS) {
      this.prune(now);
      current = {
        token: mintToken(),
        appId: app.appId,
        tenantKey: app.tenantKey,
        brand,
        expiresAt: now + TOKEN_LIFETIME_MS,
      };
      this.byToken.set(current.token, current);
      this.latest.set(key, current);
    }
    return { token: current.token, expire: Math.floor((current.expiresAt - now) / 1000) };
  }

  /** A live token, or undefined when unknown or expired. */
  resolve(token: string): IssuedToken | undefined {
    const hit = this.byToken.get(token);
    return hit && hit.expiresAt > this.now() ? hit : undefined;
  }

  /** Forgets every token of an app (e.g. after its secret is reset). */
  revokeApp(appId: string): void {
    for (const [t, rec] of this.byToken) if (rec.appId === appId) this.byToken.delete(t);
    for (const [k, rec] of this.latest) if (rec.appId === appId) this.latest.delete(k);
  }

  private prune(now: number): void {
    for (const [t, rec] of this.byToken) if (rec.expiresAt <= now) this.byToken.delete(t);
  }
}

const stores = new WeakMap<SandboxContext, TokenStore>();

/** The token store of a sandbox; shared by the token routes, the guard and the rate limiter. */
export function tokenStoreFor(ctx: SandboxContext): TokenStore {
  let store = stores.get(ctx);
  if (!store) {
    store = new TokenStore(() => ctx.clock.now());
    stores.set(ctx, store);
  }
  return store;
}

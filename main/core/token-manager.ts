// Tokens of the signed-in session: the refresh token in the SecretStore (the OS keychain, or
// memory only without one), the access token in memory. One refresh at a time (concurrent
// callers share it), scheduled ahead of expiry; a 401 gets one refresh and a retry, then the
// session is over. Sign-out ends the session on the server and empties the keychain.
import type { TokenResponse } from '../../shared/domain/auth/token.ts';
import type { ClientError } from './client-error.ts';
import { ClientCoreError } from './client-core-errors.ts';
import type { ControlPlaneApi } from './control-plane-api.ts';
import { ControlPlaneHttpError } from './control-plane-http-errors.ts';
import type { SecretRef, SecretStore } from './secret-store.ts';

export interface Clock {
  now(): number;
}

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: Timers = {
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref();
    return t;
  },
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

export interface TokenManagerDeps {
  api: () => ControlPlaneApi;
  secrets: SecretStore;
  /** Where the refresh token lives (per control plane and enterprise). */
  secretRef: () => SecretRef | undefined;
  deviceId: string;
  clock?: Clock;
  timers?: Timers;
  /** Refresh when this share of the access token's lifetime is left (default 0.2). */
  refreshAheadRatio?: number;
  /** New tokens (sign-in, refresh, restore). */
  onTokens?: (tokens: TokenResponse) => void;
  /** The session is over (refresh refused, 401 after a refresh); the keychain is emptied. */
  onEnded?: (error: ClientError) => void;
  /** A refresh could not reach the control plane; tokens are kept and retried later. */
  onUnreachable?: (error: ClientError) => void;
}

/** Refresh refused by the control plane itself (not a network failure): the session is over. */
export const isSessionOver = (error: unknown): boolean =>
  error instanceof ControlPlaneHttpError &&
  error.code === 'CP_HTTP' &&
  (error.status === 400 || error.status === 401 || error.status === 403);

const isUnauthorized = (error: unknown): boolean =>
  error instanceof ControlPlaneHttpError && error.status === 401;

export class TokenManager {
  readonly #deps: TokenManagerDeps;
  readonly #clock: Clock;
  readonly #timers: Timers;
  #access: { token: string; expiresAt: number } | undefined;
  #refreshToken: string | undefined;
  #refreshing: Promise<string> | undefined;
  #timer: unknown;
  #generation = 0;
  #retryDelayMs = 0;

  constructor(deps: TokenManagerDeps) {
    this.#deps = deps;
    this.#clock = deps.clock ?? { now: () => Date.now() };
    this.#timers = deps.timers ?? realTimers;
  }

  get signedIn(): boolean {
    return this.#refreshToken !== undefined;
  }

  /** Takes the tokens of a finished sign-in (or refresh): keychain first, then memory. */
  async adopt(tokens: TokenResponse): Promise<void> {
    const ref = this.#deps.secretRef();
    if (ref) await this.#deps.secrets.set(ref, tokens.refresh_token);
    this.#refreshToken = tokens.refresh_token;
    this.#access = {
      token: tokens.access_token,
      expiresAt: this.#clock.now() + tokens.expires_in * 1000,
    };
    this.#retryDelayMs = 0;
    this.#schedule(tokens.expires_in * 1000);
    this.#deps.onTokens?.(tokens);
  }

  /** At start: a refresh token in the keychain becomes a session again. */
  async restore(): Promise<boolean> {
    const ref = this.#deps.secretRef();
    if (!ref) return false;
    const stored = await this.#deps.secrets.get(ref);
    if (!stored) return false;
    this.#refreshToken = stored;
    await this.refresh();
    return true;
  }

  /** A valid access token, refreshing first when it is about to expire. */
  async accessToken(): Promise<string> {
    const access = this.#access;
    if (access && access.expiresAt - this.#clock.now() > 5_000) return access.token;
    return this.refresh();
  }

  /** Single-flight: concurrent callers get the same refresh. */
  refresh(): Promise<string> {
    this.#refreshing ??= this.#doRefresh().finally(() => {
      this.#refreshing = undefined;
    });
    return this.#refreshing;
  }

  async #doRefresh(): Promise<string> {
    const refreshToken = this.#refreshToken;
    if (!refreshToken) throw new ClientCoreError('SESSION_ENDED');
    const generation = this.#generation;
    let tokens: TokenResponse;
    try {
      tokens = await this.#deps.api().refresh({ refreshToken, deviceId: this.#deps.deviceId });
    } catch (error) {
      if (generation !== this.#generation) throw new ClientCoreError('SESSION_ENDED');
      if (isSessionOver(error)) {
        await this.#end(error as ClientError);
      } else {
        // Offline: keep what we have and try again later, backing off up to 5 minutes.
        this.#retryDelayMs = Math.min(300_000, Math.max(2_000, this.#retryDelayMs * 2));
        this.#scheduleRetry(this.#retryDelayMs);
        this.#deps.onUnreachable?.(error as ClientError);
      }
      throw error;
    }
    if (generation !== this.#generation) throw new ClientCoreError('SESSION_ENDED');
    await this.adopt(tokens);
    return tokens.access_token;
  }

  /** Runs an authorized call; on a 401 refreshes once and retries, then ends the session. */
  async authorized<T>(call: (accessToken: string) => Promise<T>): Promise<T> {
    const token = await this.accessToken();
    try {
      return await call(token);
    } catch (error) {
      if (!isUnauthorized(error)) throw error;
    }
    const fresh = await this.refresh();
    try {
      return await call(fresh);
    } catch (error) {
      if (isUnauthorized(error)) await this.#end(error as ClientError);
      throw error;
    }
  }

  /** Ends the session on the server (best effort) and forgets every token. */
  async signOut(): Promise<void> {
    const access = this.#access?.token;
    if (access) {
      try {
        await this.#deps.api().logout(access);
      } catch {
        // Offline or already ended: the local session ends regardless; the server's expires.
      }
    }
    await this.clear();
  }

  /** Forgets every token, here and in the keychain (revocation, sign-out). */
  async clear(): Promise<void> {
    this.#generation++;
    this.#access = undefined;
    this.#refreshToken = undefined;
    if (this.#timer !== undefined) this.#timers.clearTimeout(this.#timer);
    this.#timer = undefined;
    const ref = this.#deps.secretRef();
    if (ref) await this.#deps.secrets.delete(ref);
  }

  async #end(error: ClientError): Promise<void> {
    await this.clear();
    this.#deps.onEnded?.(error);
  }

  #schedule(lifetimeMs: number): void {
    const ratio = this.#deps.refreshAheadRatio ?? 0.2;
    this.#scheduleRetry(Math.max(1_000, lifetimeMs * (1 - ratio)));
  }

  #scheduleRetry(ms: number): void {
    if (this.#timer !== undefined) this.#timers.clearTimeout(this.#timer);
    this.#timer = this.#timers.setTimeout(() => {
      this.#timer = undefined;
      if (this.#refreshToken) this.refresh().catch(() => undefined);
    }, ms);
  }

  dispose(): void {
    if (this.#timer !== undefined) this.#timers.clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}

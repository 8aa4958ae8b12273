// The signed-in part of the client core: takes a sign-in's tokens (or restores them from the
// keychain at start), keeps the profile, runs the push stream and the entitlements, and ends
// the session cleanly on sign-out, on revocation (shown at once) and when a refresh is refused.
// Offline, the last entitlements stay usable until they expire and the connection says so.
import { z } from 'zod';
import { profileSchema, type TokenResponse } from '../../shared/domain/auth/token.ts';
import type { StreamEvent } from '../../shared/domain/auth/stream-events.ts';
import type { AppStateStore } from './app-state.ts';
import { catalogError } from './catalog-error.ts';
import type { ClientError } from './client-error.ts';
import { asClientError, ClientCoreError } from './client-core-errors.ts';
import type { ControlPlaneApi } from './control-plane-api.ts';
import type { EntitlementsCache } from './entitlements-cache.ts';
import { ProfileAvatar } from './profile-avatar.ts';
import { keepDepartmentNames } from './profile-merge.ts';
import type { SecretRef, SecretStore } from './secret-store.ts';
import { SessionStream, type SessionStreamDeps } from './session-stream.ts';
import type { KeyValueStore } from './settings.ts';
import { TokenManager, type Clock, type Timers } from './token-manager.ts';

const PROFILE_KEY = 'cache.profile';
const cachedProfileSchema = profileSchema.extend({ owner: z.string(), signedInAt: z.string() });

export interface SessionIdentity {
  controlPlaneUrl: string;
  enterpriseId: string;
}

export interface ClientSessionDeps {
  state: AppStateStore;
  api: () => ControlPlaneApi | undefined;
  identity: () => SessionIdentity | undefined;
  secrets: SecretStore;
  store: KeyValueStore;
  entitlements: EntitlementsCache;
  deviceId: string;
  clock: Clock;
  timers?: Timers;
  stream?: Partial<Pick<SessionStreamDeps, 'heartbeatTimeoutMs' | 'backoff' | 'open'>>;
}

const ownerOf = (id: SessionIdentity) => `${id.controlPlaneUrl} ${id.enterpriseId}`;

export class ClientSession {
  readonly #deps: ClientSessionDeps;
  readonly tokens: TokenManager;
  #stream: SessionStream | undefined;
  #sessionId: string | undefined;
  readonly #avatar: ProfileAvatar;
  #refreshing: Promise<void> | undefined;
  #refreshAgain = false;

  constructor(deps: ClientSessionDeps) {
    this.#deps = deps;
    this.#avatar = new ProfileAvatar({
      fetch: (url) => deps.api()?.fetchAvatar(url),
      onLoaded: (url, avatarDataUrl) => {
        const shown = deps.state.state.profile;
        if (shown?.avatar_url === url) deps.state.update({ profile: { ...shown, avatarDataUrl } });
      },
    });
    const api = () => {
      const a = deps.api();
      if (!a) throw new ClientCoreError('ENROLL_NO_CONTROL_PLANE');
      return a;
    };
    this.tokens = new TokenManager({
      api,
      secrets: deps.secrets,
      secretRef: () => this.#secretRef(),
      deviceId: deps.deviceId,
      clock: deps.clock,
      ...(deps.timers ? { timers: deps.timers } : {}),
      onTokens: (tokens) => this.#onTokens(tokens),
      onEnded: (error) => void this.#ended('signed_out', error),
      onUnreachable: (error) => this.#offline(error),
    });
  }

  #secretRef(): SecretRef | undefined {
    const id = this.#deps.identity();
    return id && { ...id, name: 'refresh-token' };
  }

  #now = () => new Date(this.#deps.clock.now()).toISOString();

  /** A sign-in finished: keep the tokens, show the person, go online. */
  async begin(tokens: TokenResponse): Promise<void> {
    await this.tokens.adopt(tokens);
    this.#startStream();
    void this.refreshEntitlements();
  }

  /** At start: a stored refresh token signs the person in again (offline: from the cache). */
  async restore(): Promise<boolean> {
    const identity = this.#deps.identity();
    if (!identity) return false;
    this.#deps.entitlements.load(ownerOf(identity));
    try {
      if (!(await this.tokens.restore())) return false;
    } catch (error) {
      if (this.tokens.signedIn) {
        this.#showCachedProfile(identity);
        this.#startStream();
        return true;
      }
      throw error;
    }
    this.#startStream();
    void this.refreshEntitlements();
    return true;
  }

  #showCachedProfile(identity: SessionIdentity): void {
    const parsed = cachedProfileSchema.safeParse(this.#deps.store.get(PROFILE_KEY));
    if (!parsed.success || parsed.data.owner !== ownerOf(identity)) return;
    const { owner: _owner, ...profile } = parsed.data;
    this.#deps.state.update({
      profile: { ...profile, avatarDataUrl: this.#avatar.dataUrlFor(profile.avatar_url) },
      signIn: { phase: 'signed_in', error: undefined },
    });
  }

  #onTokens(tokens: TokenResponse): void {
    const identity = this.#deps.identity();
    const firstTime = this.#sessionId !== tokens.session_id;
    this.#sessionId = tokens.session_id;
    const signedInAt =
      !firstTime && this.#deps.state.state.profile
        ? this.#deps.state.state.profile.signedInAt
        : this.#now();
    const shown = this.#deps.state.state.profile;
    const named = keepDepartmentNames(
      tokens.profile,
      shown?.user_id === tokens.profile.user_id ? shown : undefined,
    );
    const profile = { ...named.profile, signedInAt };
    if (identity) this.#deps.store.set(PROFILE_KEY, { ...profile, owner: ownerOf(identity) });
    this.#deps.state.update({
      profile: { ...profile, avatarDataUrl: this.#avatar.dataUrlFor(profile.avatar_url) },
      signIn: {
        phase: 'signed_in',
        method: undefined,
        authorizeUrl: undefined,
        qrUrl: undefined,
        expiresAt: undefined,
        error: undefined,
      },
      ...(this.#deps.state.state.connection.status === 'offline'
        ? { connection: { status: 'online', since: this.#now(), error: undefined } }
        : {}),
    });
    // A refresh answer names no department: a new one is named by asking for the profile.
    if (named.unnamed) void this.#refreshProfile();
  }

  #offline(error: ClientError): void {
    if (this.#deps.state.state.connection.status === 'offline') return;
    this.#deps.entitlements.markStale();
    this.#deps.state.update({ connection: { status: 'offline', since: this.#now(), error } });
  }

  #startStream(): void {
    void this.#stream?.stop();
    const api = this.#deps.api();
    const identity = this.#deps.identity();
    if (!api || !identity) return;
    const stream = new SessionStream({
      open: (headers, signal) => api.openSessionStream(headers, signal),
      accessToken: () => this.tokens.accessToken(),
      refreshToken: () => this.tokens.refresh(),
      onEvent: (event) => void this.#onEvent(event),
      onStatus: (status, error) => {
        if (this.#stream !== stream) return;
        if (status === 'offline') this.#offline(asClientError(error ?? 'stream closed'));
        else if (status === 'online') {
          this.#deps.state.update({
            connection: { status: 'online', since: this.#now(), error: undefined },
          });
          void this.refreshEntitlements();
        } else if (this.#deps.state.state.connection.status === 'unknown')
          this.#deps.state.update({ connection: { status: 'connecting', since: this.#now() } });
      },
      onUnauthorized: () => void this.#ended('signed_out', new ClientCoreError('SESSION_ENDED')),
      ...this.#deps.stream,
    });
    this.#stream = stream;
    stream.start();
  }

  async #onEvent(event: StreamEvent): Promise<void> {
    if (this.#sessionId && event.session_id !== this.#sessionId) return;
    if (event.type === 'session-revoked') {
      const error =
        event.reason === 'logout'
          ? new ClientCoreError('SESSION_ENDED')
          : catalogError(event.error_code, {}, event.reason);
      await this.#ended(event.reason === 'logout' ? 'signed_out' : 'revoked', error);
    } else {
      // A department move or rename arrives as entitlements-changed: the profile may differ too.
      void this.#refreshProfile();
      await this.refreshEntitlements();
    }
  }

  /** The profile as the control plane sees it now (live departments), kept like a token's. */
  async #refreshProfile(): Promise<void> {
    const api = this.#deps.api();
    const identity = this.#deps.identity();
    const shown = this.#deps.state.state.profile;
    if (!api || !identity || !shown || !this.tokens.signedIn) return;
    try {
      const { profile } = await this.tokens.authorized((token) => api.session(token));
      const current = this.#deps.state.state.profile;
      if (!current || current.user_id !== profile.user_id || !this.tokens.signedIn) return;
      const next = { ...profile, signedInAt: current.signedInAt };
      this.#deps.store.set(PROFILE_KEY, { ...next, owner: ownerOf(identity) });
      this.#deps.state.update({
        profile: { ...next, avatarDataUrl: this.#avatar.dataUrlFor(next.avatar_url) },
      });
    } catch {
      // Offline or signed out meanwhile: the stream and the token manager say so.
    }
  }

  /**
   * Fetches the entitlements now (on sign-in, reconnect and entitlements-changed). One fetch at a
   * time: a call during a fetch runs one more after it, so an older answer arriving late can never
   * overwrite a newer one.
   */
  refreshEntitlements(): Promise<void> {
    if (this.#refreshing) {
      this.#refreshAgain = true;
      return this.#refreshing;
    }
    this.#refreshing = (async () => {
      try {
        do {
          this.#refreshAgain = false;
          await this.#fetchEntitlements();
        } while (this.#refreshAgain);
      } finally {
        this.#refreshing = undefined;
      }
    })();
    return this.#refreshing;
  }

  async #fetchEntitlements(): Promise<void> {
    const identity = this.#deps.identity();
    const api = this.#deps.api();
    if (!identity || !api || !this.tokens.signedIn) return;
    try {
      const answer = await this.tokens.authorized((token) => api.entitlements(token));
      if (!this.tokens.signedIn) return;
      if (answer)
        this.#deps.entitlements.put(ownerOf(identity), answer.document, answer.destinations);
      else this.#deps.entitlements.markUnavailable();
      this.#deps.state.touch();
    } catch {
      // The stream's status says offline; the cached list stays until it expires.
    }
  }

  async #ended(phase: 'signed_out' | 'revoked', error: ClientError | undefined): Promise<void> {
    await this.#teardown();
    this.#deps.state.update({
      profile: undefined,
      signIn: { phase, method: undefined, authorizeUrl: undefined, qrUrl: undefined, error },
      connection: {
        status: phase === 'revoked' ? 'revoked' : 'unknown',
        since: this.#now(),
        error: undefined,
      },
    });
  }

  async #teardown(): Promise<void> {
    const stream = this.#stream;
    this.#stream = undefined;
    this.#sessionId = undefined;
    this.#avatar.clear();
    await stream?.stop();
    await this.tokens.clear();
    this.#deps.entitlements.clear();
    this.#deps.store.delete(PROFILE_KEY);
  }

  /** Sign-out: the server ends the session, the keychain is emptied. */
  async signOut(): Promise<void> {
    const stream = this.#stream;
    this.#stream = undefined;
    await stream?.stop();
    await this.tokens.signOut();
    await this.#ended('signed_out', undefined);
  }

  async dispose(): Promise<void> {
    const stream = this.#stream;
    this.#stream = undefined;
    await stream?.stop();
    this.tokens.dispose();
  }
}

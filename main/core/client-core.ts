// The client core: one object the IPC layer (Electron or the browser bridge) calls for every
// command of the contract, built from its ports (settings store, managed config, secret store,
// HTTP factory, clock, page openers). It owns enrollment and sign-in attempts and hands a
// finished sign-in to ClientSession; every change reaches listeners as a fresh snapshot.
// It also runs the local enforcement proxy (proxy-enforcement.ts), fed on every state change,
// and points the system proxy at its PAC file while the person is signed in.
import { EventEmitter } from 'node:events';
import type { Locale } from '../../shared/domain/errors/define.ts';
import type { DeniedDecisionView } from '../../shared/ipc/proxy-views.ts';
import type { AppStateSnapshot } from '../../shared/ipc/state.ts';
import { AppStateStore } from './app-state.ts';
import { buildSnapshot, effectiveLocale } from './app-state-view.ts';
import { catalogError } from './catalog-error.ts';
import type { ClientError } from './client-error.ts';
import { asClientError, ClientCoreError } from './client-core-errors.ts';
import { ClientSession, type ClientSessionDeps } from './client-session.ts';
import type { ControlPlaneApi } from './control-plane-api.ts';
import { ControlPlaneConnection } from './control-plane-connection.ts';
import type { ControlPlaneHttp, ControlPlaneHttpOptions } from './control-plane-http.ts';
import { deviceIdentity, type DeviceIdentity } from './device.ts';
import { Enrollment } from './enrollment.ts';
import { EntitlementsCache } from './entitlements-cache.ts';
import { LoopbackListener } from './loopback-listener.ts';
import type { ManagedConfigResult } from './managed-config.ts';
import { deniedDecisionView } from './proxy-decision-view.ts';
import { ProxyEnforcement } from './proxy-enforcement.ts';
import { createLocalProxy, type LocalProxyOptions } from './proxy/local-proxy.ts';
import { SystemProxy, type SystemProxySetter } from './system-proxy/system-proxy.ts';
import type { SecretStoreChoice } from './keychain-secret-store.ts';
import { Settings, type KeyValueStore, type Language } from './settings.ts';
import { SignInAttempts } from './sign-in-attempts.ts';
import { SignInFlow, type SignInMethod } from './sign-in.ts';
import type { Clock, Timers } from './token-manager.ts';

export interface ClientCoreDeps {
  appVersion: string;
  platform?: string;
  systemLocale: string;
  shell: 'electron' | 'browser-bridge';
  store: KeyValueStore;
  managed: ManagedConfigResult;
  secrets: SecretStoreChoice;
  /** Opens the sign-in page in the system browser (https sign-in URLs only, in Electron). */
  openBrowser: (url: string) => Promise<void> | void;
  /** Shows the control plane's QR page in the embedded view (which ends at redirectUri). */
  showQr: (url: string, redirectUri: string) => Promise<void> | void;
  /** Opens an application's portal URL (http/https, already checked) in the system browser. */
  openApp?: (url: string) => Promise<void> | void;
  /** Closes the embedded QR view (sign-in finished or cancelled). */
  closeQr?: () => void;
  /** Builds the HTTP client for a control-plane URL (default: createControlPlaneHttp). */
  http?: (options: ControlPlaneHttpOptions) => ControlPlaneHttp;
  clock?: Clock;
  timers?: Timers;
  loopbackTimeoutMs?: number;
  stream?: ClientSessionDeps['stream'];
  applyAutoStart?: (enabled: boolean) => Promise<void> | void;
  device?: DeviceIdentity;
  /** The local enforcement proxy's options (default: an ephemeral loopback port). */
  proxy?: LocalProxyOptions;
  /**
   * How to point the OS at the proxy's PAC file (main/app passes the platform's; the browser
   * bridge and tests pass none, so a developer's own settings are never touched).
   */
  systemProxy?: SystemProxySetter;
}

/** The "why denied" list pushed to the renderer at most this often. */
/** How many refusals each 'denied' announcement carries. */
const DENIED_PUSH_COUNT = 20;

/** ClientError -> what a command's failure carries, worded in the person's language. */
export type CommandFailure = ClientError;

export class ClientCore extends EventEmitter<{
  snapshot: [AppStateSnapshot];
  denied: [DeniedDecisionView[]];
}> {
  readonly #deps: ClientCoreDeps;
  readonly settings: Settings;
  readonly state = new AppStateStore();
  readonly device: DeviceIdentity;
  readonly #entitlements: EntitlementsCache;
  readonly #enrollment: Enrollment;
  readonly #attempts: SignInAttempts;
  readonly session: ClientSession;
  readonly #clock: Clock;
  readonly enforcement: ProxyEnforcement;
  readonly systemProxy: SystemProxy;
  #inStateChange = false;
  readonly #controlPlane: ControlPlaneConnection;

  constructor(deps: ClientCoreDeps) {
    super();
    this.#deps = deps;
    this.#clock = deps.clock ?? { now: () => Date.now() };
    this.settings = new Settings(deps.store, deps.managed.config);
    this.#controlPlane = new ControlPlaneConnection({
      settings: () => this.settings.current().values,
      appVersion: deps.appVersion,
      locale: () => this.locale,
      ...(deps.http ? { create: deps.http } : {}),
    });
    this.device = deps.device ?? deviceIdentity(deps.store, deps.appVersion);
    this.#entitlements = new EntitlementsCache(deps.store, () => this.#clock.now());
    this.#enrollment = new Enrollment(this.settings, () => this.#controlPlane.api());
    const listener = new LoopbackListener({
      locale: () => this.locale,
      describeError: (code, locale) => {
        const view = catalogError(code).describe(locale);
        return view.code === code
          ? { message: view.message, ...(view.fix ? { fix: view.fix } : {}) }
          : undefined;
      },
    });
    const flow = new SignInFlow({
      api: () => this.#requireApi(),
      listener,
      present: (url, method, redirectUri) =>
        method === 'qr' ? deps.showQr(url, redirectUri) : deps.openBrowser(url),
      ...(deps.loopbackTimeoutMs === undefined ? {} : { timeoutMs: deps.loopbackTimeoutMs }),
    });
    this.session = new ClientSession({
      state: this.state,
      api: () => this.#controlPlane.api(),
      identity: () => this.#identity(),
      secrets: deps.secrets.store,
      store: deps.store,
      entitlements: this.#entitlements,
      deviceId: this.device.id,
      clock: this.#clock,
      ...(deps.timers ? { timers: deps.timers } : {}),
      ...(deps.stream ? { stream: deps.stream } : {}),
    });
    this.#attempts = new SignInAttempts({
      flow,
      state: this.state,
      session: this.session,
      openBrowser: deps.openBrowser,
      ...(deps.closeQr ? { closeQr: deps.closeQr } : {}),
    });
    this.state.update({
      keychain: deps.secrets.persistent
        ? { available: true, error: undefined }
        : { available: false, error: deps.secrets.error },
    });
    this.enforcement = new ProxyEnforcement({
      proxy: createLocalProxy({ now: () => this.#clock.now(), ...deps.proxy }),
      now: () => this.#clock.now(),
      input: () => {
        const view = this.#entitlements.view();
        return {
          signedIn: this.state.state.signIn.phase === 'signed_in',
          entitlements: view.document,
          expiresAt: view.expiresAt,
          map: this.#entitlements.destinationMap(),
        };
      },
    });
    this.systemProxy = new SystemProxy({
      setter: deps.systemProxy,
      store: deps.store,
      disabled: () => this.settings.current().values.systemProxyDisabled,
    });
    this.enforcement.on('change', () => {
      if (!this.#inStateChange) this.state.touch();
    });
    this.enforcement.on('map-changed', () => void this.#followSystemProxy());
    this.enforcement.on('denied', () => {
      if (this.listenerCount('denied') > 0)
        this.emit('denied', this.recentDenied(DENIED_PUSH_COUNT));
    });
    this.state.on('change', () => {
      this.#inStateChange = true;
      try {
        this.enforcement.sync();
      } finally {
        this.#inStateChange = false;
      }
      void this.#followSystemProxy();
      this.emit('snapshot', this.snapshot());
    });
  }

  /**
   * Signed in with the proxy running: the OS points at its PAC (again when the map changed;
   * SystemProxy.follow applies each PAC URL and map version once). Revoked or expired stays
   * pointed (the proxy denies then); sign-out and quit restore the person's own setting.
   */
  async #followSystemProxy(): Promise<void> {
    const proxy = this.enforcement.view();
    if (proxy.status !== 'running' || !proxy.pacUrl) return;
    const signedIn = this.state.state.signIn.phase === 'signed_in';
    if (!signedIn && !this.systemProxy.following) return;
    const before = this.systemProxy.status;
    const applying = this.systemProxy.follow(proxy.pacUrl, proxy.mapVersion);
    if (!applying) return;
    await applying;
    if (this.systemProxy.status !== before || this.systemProxy.status === 'failed')
      this.state.touch();
  }

  /** The local proxy's latest denied decisions, newest first, worded for the person. */
  recentDenied(limit: number): DeniedDecisionView[] {
    const locale = this.locale;
    return this.enforcement.recentDenied(limit).map((d) => deniedDecisionView(d, locale));
  }

  get locale(): Locale {
    return effectiveLocale(this.settings.current(), this.#deps.systemLocale);
  }

  snapshot(): AppStateSnapshot {
    return buildSnapshot({
      revision: this.state.revision,
      state: this.state.state,
      settings: this.settings.current(),
      device: this.device,
      entitlements: this.#entitlements.view(),
      proxy: { enforcement: this.enforcement.view(), system: this.systemProxy },
      app: {
        version: this.#deps.appVersion,
        platform: this.#deps.platform ?? process.platform,
        systemLocale: this.#deps.systemLocale,
        shell: this.#deps.shell,
        managedBy: this.#deps.managed.source,
      },
    });
  }

  #requireApi(): ControlPlaneApi {
    const api = this.#controlPlane.api();
    if (!api) throw new ClientCoreError('ENROLL_NO_CONTROL_PLANE');
    return api;
  }

  #identity() {
    const v = this.settings.current().values;
    return v.controlPlaneUrl && v.enterpriseId
      ? { controlPlaneUrl: v.controlPlaneUrl, enterpriseId: v.enterpriseId }
      : undefined;
  }

  /** At start: discovery for a known ID, then a session from the keychain if one is there. */
  async start(): Promise<void> {
    // First, and whatever else fails: signed out, private destinations are denied too.
    await this.enforcement.start();
    // A setting left pointing at a dead port by a crash goes back to the person's own; signing
    // in applies it again.
    await this.systemProxy.restore();
    const id = this.settings.current().values.enterpriseId;
    if (!id) return;
    await this.#discover(id);
    try {
      await this.session.restore();
    } catch (error) {
      this.state.update({ signIn: { phase: 'signed_out', error: asClientError(error) } });
    }
  }

  async #discover(enterpriseId: string): Promise<boolean> {
    this.state.update({ enrollment: { status: 'discovering', error: undefined } });
    try {
      const discovery = await this.#enrollment.discover(enterpriseId);
      this.state.update({
        enrollment: {
          status: 'enrolled',
          tenantName: discovery.tenant.name,
          sources: discovery.sources,
          error: undefined,
        },
      });
      return true;
    } catch (error) {
      this.state.update({ enrollment: { status: 'error', error: asClientError(error) } });
      return false;
    }
  }

  async enroll(input: string): Promise<AppStateSnapshot> {
    this.state.update({ enrollment: { status: 'discovering', error: undefined } });
    try {
      const { discovery } = await this.#enrollment.enroll(input);
      this.state.update({
        enrollment: {
          status: 'enrolled',
          tenantName: discovery.tenant.name,
          sources: discovery.sources,
          error: undefined,
        },
        signIn: { phase: 'idle', sourceId: undefined, error: undefined },
      });
    } catch (error) {
      const e = asClientError(error);
      this.state.update({ enrollment: { status: 'error', error: e } });
      throw e;
    }
    return this.snapshot();
  }

  async resetEnrollment(): Promise<AppStateSnapshot> {
    if (this.settings.current().locked.includes('enterpriseId'))
      throw new ClientCoreError('ENROLL_LOCKED');
    this.cancelSignIn();
    if (this.session.tokens.signedIn) await this.session.signOut();
    await this.systemProxy.restore();
    this.#enrollment.reset();
    this.#forgetTenantDestinations();
    this.state.update({
      enrollment: { status: 'none', tenantName: undefined, sources: [], error: undefined },
      signIn: { phase: 'idle', sourceId: undefined, error: undefined },
      connection: { status: 'unknown', since: undefined, error: undefined },
    });
    return this.snapshot();
  }

  /** Discovery, session and entitlements again (the person pressed refresh, or came online). */
  async refresh(): Promise<AppStateSnapshot> {
    const id = this.settings.current().values.enterpriseId;
    if (id) await this.#discover(id);
    if (this.session.tokens.signedIn) {
      try {
        await this.session.tokens.refresh();
        await this.session.refreshEntitlements();
      } catch {
        // Unreachable: already shown as offline; refused: already shown as signed out.
      }
    } else if (id && this.state.state.signIn.phase === 'idle') {
      await this.session.restore().catch(() => false);
    }
    return this.snapshot();
  }

  chooseSource(sourceId: string): AppStateSnapshot {
    this.#source(sourceId);
    this.settings.update({ lastSourceId: sourceId });
    this.state.update({ signIn: { sourceId } });
    return this.snapshot();
  }

  #source(sourceId: string | undefined) {
    const { sources } = this.state.state.enrollment;
    if (this.state.state.enrollment.status !== 'enrolled' || sources.length === 0)
      throw new ClientCoreError('NOT_ENROLLED');
    const id = sourceId ?? this.snapshot().enrollment.selected_source_id ?? undefined;
    const source = sources.find((s) => s.id === id);
    if (!source) throw new ClientCoreError('SOURCE_UNKNOWN');
    return source;
  }

  /** Starts a sign-in; resolves with the page URL once shown. The outcome arrives as state. */
  async startSignIn(method: SignInMethod, sourceId?: string): Promise<string> {
    const source = this.#source(sourceId);
    const enterpriseId = this.settings.current().values.enterpriseId;
    if (!enterpriseId) throw new ClientCoreError('NOT_ENROLLED');
    const url = await this.#attempts.start({ method, source, enterpriseId, device: this.device });
    if (this.settings.current().values.lastSourceId !== source.id)
      this.settings.update({ lastSourceId: source.id });
    return url;
  }

  reopenBrowser(): Promise<void> {
    return this.#attempts.reopenBrowser();
  }

  cancelSignIn(): AppStateSnapshot {
    this.#attempts.cancel();
    return this.snapshot();
  }

  dismissError(): AppStateSnapshot {
    const { phase } = this.state.state.signIn;
    if (phase === 'error' || phase === 'revoked' || phase === 'signed_out')
      this.state.update({
        signIn: { phase: 'idle', error: undefined },
        enrollment: { error: undefined },
        connection: { status: 'unknown', error: undefined },
      });
    return this.snapshot();
  }

  async signOut(): Promise<AppStateSnapshot> {
    if (!this.settings.current().values.allowSignOut)
      throw new ClientCoreError('SIGN_OUT_FORBIDDEN');
    this.cancelSignIn();
    await this.session.signOut();
    await this.systemProxy.restore();
    this.state.touch();
    return this.snapshot();
  }

  /** Another enterprise or control plane: the old one's private addresses and names go. */
  #forgetTenantDestinations(): void {
    this.#entitlements.forgetDestinationMap();
    this.enforcement.forgetNames();
  }

  setLanguage(language: Language): AppStateSnapshot {
    this.settings.update({ language });
    this.state.touch();
    return this.snapshot();
  }

  async setControlPlaneUrl(url: string | null): Promise<AppStateSnapshot> {
    const before = this.settings.current().values.controlPlaneUrl;
    this.settings.update({ controlPlaneUrl: url });
    if (this.settings.current().values.controlPlaneUrl !== before) {
      this.cancelSignIn();
      if (this.session.tokens.signedIn) {
        // Tokens belong to the old server: end that session before switching.
        const next = this.settings.current().values.controlPlaneUrl;
        this.settings.update({ controlPlaneUrl: before ?? null });
        await this.session.signOut();
        await this.systemProxy.restore();
        this.settings.update({ controlPlaneUrl: next ?? null });
      }
      this.#forgetTenantDestinations();
      const id = this.settings.current().values.enterpriseId;
      if (id) await this.#discover(id);
      else this.state.touch();
    }
    return this.snapshot();
  }

  /** Opens an entitled application's portal; only URLs of the current (unexpired) list. */
  async openApp(appId: string): Promise<void> {
    const app = this.snapshot().entitlements.applications.find((a) => a.id === appId);
    const url = app?.portal_url;
    if (!url || !/^https?:\/\//i.test(url)) throw new ClientCoreError('APP_NOT_AVAILABLE');
    await (this.#deps.openApp ?? this.#deps.openBrowser)(url);
  }

  async setAutoStart(enabled: boolean): Promise<AppStateSnapshot> {
    this.settings.update({ autoStart: enabled });
    await this.#deps.applyAutoStart?.(enabled);
    this.state.touch();
    return this.snapshot();
  }

  async dispose(): Promise<void> {
    this.cancelSignIn();
    // The proxy stops first: nothing can apply the system proxy again after the restore.
    await this.enforcement.close();
    await this.systemProxy.restore();
    await this.session.dispose();
    this.#controlPlane.close();
  }
}

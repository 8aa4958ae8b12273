// The client core's side of the local proxy: starts it with the core, and feeds it what the
// person may reach right now. Signed in with a usable list: that list; signed out, revoked or
// expired: null, so every private destination is denied (the destination map outlives a
// sign-out for exactly that). Offline, the cached list keeps working until it expires; the
// enforcer itself denies a document past its valid_until, and a list past the cache's own
// maximum age is withdrawn here by a timer.
import { EventEmitter } from 'node:events';
import type {
  DestinationMap,
  Entitlements,
} from '../../shared/domain/policy/entitlement-schemas.ts';
import type { ClientError } from './client-error.ts';
import { asClientError } from './client-core-errors.ts';
import type { ProxyDecision } from './proxy/decision-log.ts';
import { EMPTY_DESTINATION_MAP } from './proxy/destination-policy.ts';
import type { LocalProxy } from './proxy/local-proxy.ts';

export type ProxyStatus = 'stopped' | 'starting' | 'running' | 'failed';

/** What the proxy enforces: the person's list, or deny every private destination. */
export type EnforcementMode = 'entitlements' | 'deny_all';

export interface EnforcementInput {
  signedIn: boolean;
  /** The usable document (undefined when none, or expired). */
  entitlements: Entitlements | undefined;
  /** When the cache stops vouching for it (ms), to withdraw it then. */
  expiresAt: number | undefined;
  map: DestinationMap | undefined;
}

export interface ProxyEnforcementView {
  status: ProxyStatus;
  port: number | undefined;
  pacUrl: string | undefined;
  mode: EnforcementMode;
  mapVersion: string | undefined;
  error: ClientError | undefined;
}

/** Names of applications the person may not open, remembered from earlier lists (bounded). */
const MAX_REMEMBERED_NAMES = 2_000;
/** setTimeout's ceiling; a later expiry is re-armed on the next sync. */
const MAX_TIMER_MS = 2 ** 31 - 1;
/** A burst of refusals (a page's many requests) is announced once per this interval. */
const DENIED_BATCH_MS = 250;

export class ProxyEnforcement extends EventEmitter<{
  change: [];
  'map-changed': [version: string];
  /** Refusals were logged since the last announcement (at most one per DENIED_BATCH_MS). */
  denied: [];
}> {
  readonly proxy: LocalProxy;
  readonly #input: () => EnforcementInput;
  readonly #now: () => number;
  #status: ProxyStatus = 'stopped';
  #error: ClientError | undefined;
  #applied: { mapVersion: string; entitlementsVersion: string | null } | undefined;
  #mode: EnforcementMode = 'deny_all';
  readonly #names = new Map<string, string>();
  #expiryTimer: NodeJS.Timeout | undefined;
  #deniedTimer: NodeJS.Timeout | undefined;

  constructor(deps: { proxy: LocalProxy; input: () => EnforcementInput; now: () => number }) {
    super();
    this.proxy = deps.proxy;
    this.#input = deps.input;
    this.#now = deps.now;
    this.proxy.onDecision((d) => {
      if (d.outcome === 'deny') this.#announceDenied();
    });
  }

  #announceDenied(): void {
    if (this.#deniedTimer) return;
    this.#deniedTimer = setTimeout(() => {
      this.#deniedTimer = undefined;
      this.emit('denied');
    }, DENIED_BATCH_MS);
    this.#deniedTimer.unref();
  }

  /** Listens and applies the current documents. A failure is shown, never thrown. */
  async start(): Promise<void> {
    if (this.#status === 'running' || this.#status === 'starting') return;
    this.#status = 'starting';
    this.#error = undefined;
    this.emit('change');
    try {
      await this.proxy.start();
      this.#status = 'running';
    } catch (error) {
      this.#status = 'failed';
      this.#error = asClientError(error);
    }
    this.#applied = undefined;
    this.sync();
    this.emit('change');
  }

  /** Applies the current documents when they changed (called on every state change). */
  sync(): void {
    const input = this.#input();
    const map = input.map ?? EMPTY_DESTINATION_MAP;
    const entitlements = input.signedIn ? (input.entitlements ?? null) : null;
    this.#armExpiry(entitlements ? input.expiresAt : undefined);
    const next = { mapVersion: map.version, entitlementsVersion: entitlements?.version ?? null };
    if (
      this.#applied?.mapVersion === next.mapVersion &&
      this.#applied.entitlementsVersion === next.entitlementsVersion
    )
      return;
    const mapChanged = this.#applied?.mapVersion !== next.mapVersion;
    this.#applied = next;
    this.#mode = entitlements ? 'entitlements' : 'deny_all';
    if (entitlements) this.#remember(entitlements, map);
    this.proxy.setApplicationNames(this.#names);
    this.proxy.setEntitlements(map, entitlements);
    if (mapChanged && this.#status === 'running') this.emit('map-changed', map.version);
    this.emit('change');
  }

  #remember(entitlements: Entitlements, map: DestinationMap): void {
    for (const app of entitlements.applications) {
      this.#names.delete(app.id);
      this.#names.set(app.id, app.name);
    }
    // Only applications still on the map are worth naming; the oldest go first past the bound.
    const listed = new Set(map.applications.map((a) => a.id));
    for (const id of this.#names.keys()) if (!listed.has(id)) this.#names.delete(id);
    while (this.#names.size > MAX_REMEMBERED_NAMES)
      this.#names.delete(this.#names.keys().next().value!);
  }

  /** Another enterprise or control plane: forget the names of the old one's applications. */
  forgetNames(): void {
    this.#names.clear();
    this.proxy.setApplicationNames(this.#names);
  }

  #armExpiry(expiresAt: number | undefined): void {
    clearTimeout(this.#expiryTimer);
    this.#expiryTimer = undefined;
    if (expiresAt === undefined) return;
    const delay = Math.min(MAX_TIMER_MS, Math.max(0, expiresAt - this.#now()));
    this.#expiryTimer = setTimeout(() => {
      this.#expiryTimer = undefined;
      this.sync();
    }, delay);
    this.#expiryTimer.unref();
  }

  view(): ProxyEnforcementView {
    const running = this.#status === 'running';
    return {
      status: this.#status,
      port: running ? this.proxy.port : undefined,
      pacUrl: running ? this.proxy.pacUrl : undefined,
      mode: this.#mode,
      mapVersion: this.#applied?.mapVersion,
      error: this.#error,
    };
  }

  /** "Why was this denied": the latest denied decisions, newest first. */
  recentDenied(limit: number): ProxyDecision[] {
    return this.proxy.recentDecisions({ limit, onlyDenied: true });
  }

  async close(): Promise<void> {
    clearTimeout(this.#expiryTimer);
    this.#expiryTimer = undefined;
    clearTimeout(this.#deniedTimer);
    this.#deniedTimer = undefined;
    if (this.#status === 'stopped') return;
    this.#status = 'stopped';
    await this.proxy.close();
    this.emit('change');
  }
}

// A fake of the renderer's api-client: records each call, answers from a scripted snapshot,
// and lets a test push 'state:changed' events. Plain data, no DOM.
import type {
  AppStateSnapshot,
  DeniedDecisionView,
  ErrorView,
  IpcResult,
} from '../../../shared/ipc/contract.ts';
import type { ApiClient, SnapshotResult } from '../../../renderer/app/api-client.ts';

// Arrays are replaced whole by merge(), objects (also nullable ones) merged key by key.
type DeepPartial<T> = {
  [K in keyof T]?: T[K] extends readonly unknown[]
    ? T[K]
    : NonNullable<T[K]> extends object
      ? DeepPartial<NonNullable<T[K]>> | Extract<T[K], null>
      : T[K];
};

export function makeSnapshot(over: DeepPartial<AppStateSnapshot> = {}): AppStateSnapshot {
  const base: AppStateSnapshot = {
    revision: 1,
    app: {
      version: '0.1.0',
      platform: 'linux',
      locale: 'en',
      system_locale: 'en-US',
      shell: 'electron',
      managed_by: 'none',
    },
    enrollment: {
      status: 'none',
      control_plane_url: 'https://gatehouse.example.com',
      control_plane_url_locked: false,
      enterprise_id: null,
      enterprise_id_locked: false,
      tenant_name: null,
      sources: [],
      selected_source_id: null,
      error: null,
    },
    sign_in: {
      phase: 'idle',
      method: null,
      source_id: null,
      authorize_url: null,
      qr_url: null,
      expires_at: null,
      error: null,
    },
    profile: null,
    device: { id: 'dev-1', name: 'LAPTOP-42', os: 'Linux 6.8', app_version: '0.1.0' },
    connection: { status: 'unknown', since: null, error: null },
    keychain: { available: true, error: null },
    entitlements: {
      status: 'none',
      version: null,
      fetched_at: null,
      valid_until: null,
      applications: [],
    },
    proxy: {
      status: 'running',
      port: 18080,
      pac_url: 'http://127.0.0.1:18080/proxy.pac',
      pac_version: null,
      mode: 'deny_all',
      system_proxy: 'off',
      error: null,
      system_proxy_error: null,
    },
    settings: {
      language: 'system',
      language_locked: false,
      control_plane_url: 'https://gatehouse.example.com',
      control_plane_url_locked: false,
      auto_start: true,
      auto_start_locked: false,
      allow_sign_out: true,
    },
  };
  return merge(base, over) as AppStateSnapshot;
}

function merge(base: unknown, over: unknown): unknown {
  if (over === undefined) return base;
  if (Array.isArray(over) || over === null || typeof over !== 'object') return over;
  if (base === null || typeof base !== 'object' || Array.isArray(base)) return over;
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [k, v] of Object.entries(over)) out[k] = merge(out[k], v);
  return out;
}

export const source = (
  id: string,
  description: string,
  extra: Partial<AppStateSnapshot['enrollment']['sources'][number]> = {},
) => ({ id, brand: 'feishu' as const, name: `src-${id}`, description, qr_login: true, ...extra });

export const enrolled = (
  sources = [source('s1', 'Sign in to Acme')],
  over: DeepPartial<AppStateSnapshot['enrollment']> = {},
): DeepPartial<AppStateSnapshot> => ({
  enrollment: {
    status: 'enrolled',
    enterprise_id: 'abcdefghjk12',
    tenant_name: 'Acme',
    sources,
    selected_source_id: sources.length === 1 ? sources[0]!.id : null,
    ...over,
  },
});

export const signedIn = (over: DeepPartial<AppStateSnapshot> = {}): AppStateSnapshot =>
  makeSnapshot(
    merge(
      {
        ...enrolled(),
        sign_in: { phase: 'signed_in', method: 'browser', source_id: 's1' },
        profile: {
          user_id: 'u1',
          name: 'Ada Lovelace',
          en_name: null,
          email: 'ada@acme.example',
          avatar_url: null,
          departments: [
            { id: 'd1', name: 'Platform', path: ['Engineering', 'Infrastructure'] },
            { id: 'd2', name: null, path: [] },
          ],
          tenant_name: 'Acme',
          source_name: 'src-s1',
          brand: 'feishu',
          signed_in_at: '2026-11-22T01:00:00Z',
        },
        connection: { status: 'online', since: '2026-11-22T01:00:00Z', error: null },
        entitlements: {
          status: 'fresh',
          version: 'v1',
          fetched_at: '2026-11-22T01:00:00Z',
          valid_until: '2026-11-23T01:00:00Z',
          applications: [
            {
              id: 'a1',
              name: 'Wiki',
              description: 'Team wiki',
              icon: null,
              portal_url: 'https://wiki.acme.example',
              tags: [],
            },
          ],
        },
      },
      over,
    ) as DeepPartial<AppStateSnapshot>,
  );

export const failure = (
  code: string,
  message = 'It failed',
  fix: string | null = 'Do this',
): ErrorView => ({
  code,
  message,
  fix,
});

export type Call = { method: keyof ApiClient; args: unknown[] };

export class FakeApi implements ApiClient {
  snapshot: AppStateSnapshot;
  calls: Call[] = [];
  /** Answers for the next call of a method (a refusal, or a different snapshot). */
  next = new Map<keyof ApiClient, IpcResult<unknown>>();
  #listeners = new Set<(s: AppStateSnapshot) => void>();
  #deniedListeners = new Set<(d: DeniedDecisionView[]) => void>();
  /** What 'proxy:recent-denied' answers. */
  denied: DeniedDecisionView[] = [];

  constructor(snapshot: AppStateSnapshot) {
    this.snapshot = snapshot;
  }

  /** Main's push: a newer snapshot arrives on 'state:changed'. */
  push(snapshot: AppStateSnapshot): void {
    this.snapshot = snapshot;
    for (const l of this.#listeners) l(snapshot);
  }

  called(method: keyof ApiClient): unknown[][] {
    return this.calls.filter((c) => c.method === method).map((c) => c.args);
  }

  #answer<T>(method: keyof ApiClient, args: unknown[], value: () => T): Promise<IpcResult<T>> {
    this.calls.push({ method, args });
    const scripted = this.next.get(method);
    if (scripted) {
      this.next.delete(method);
      return Promise.resolve(scripted as IpcResult<T>);
    }
    return Promise.resolve({ ok: true, value: value() });
  }
  #snap = (method: keyof ApiClient, args: unknown[]): Promise<SnapshotResult> =>
    this.#answer(method, args, () => this.snapshot);

  getState = () => this.#snap('getState', []);
  refresh = () => this.#snap('refresh', []);
  enroll = (id: string) => this.#snap('enroll', [id]);
  resetEnrollment = () => this.#snap('resetEnrollment', []);
  chooseSource = (id: string) => this.#snap('chooseSource', [id]);
  startBrowserSignIn = (id?: string) =>
    this.#answer('startBrowserSignIn', [id], () => ({ authorize_url: 'https://open.feishu.cn/x' }));
  reopenBrowser = () => this.#answer('reopenBrowser', [], () => ({}) as Record<string, never>);
  startQrSignIn = (id?: string) =>
    this.#answer('startQrSignIn', [id], () => ({ qr_url: 'https://gatehouse.example.com/qr' }));
  cancelSignIn = () => this.#snap('cancelSignIn', []);
  dismissError = () => this.#snap('dismissError', []);
  signOut = () => this.#snap('signOut', []);
  setLanguage = (language: string) => this.#snap('setLanguage', [language]);
  setControlPlaneUrl = (url: string | null) => this.#snap('setControlPlaneUrl', [url]);
  setAutoStart = (enabled: boolean) => this.#snap('setAutoStart', [enabled]);
  onStateChanged = (listener: (s: AppStateSnapshot) => void) => {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  };
  get listenerCount(): number {
    return this.#listeners.size;
  }
  recentDenied = (limit?: number) =>
    this.#answer('recentDenied', [limit], () => ({ decisions: this.denied }));
  onDenied = (listener: (d: DeniedDecisionView[]) => void) => {
    this.#deniedListeners.add(listener);
    return () => {
      this.#deniedListeners.delete(listener);
    };
  };
  /** Main's push: the denied list changed ('proxy:denied'). */
  pushDenied(decisions: DeniedDecisionView[]): void {
    this.denied = decisions;
    for (const l of this.#deniedListeners) l(decisions);
  }
}

// The renderer's one way to main: a thin wrapper over window.gatehouse (the preload, or the
// browser bridge's shim). Tests pass a fake with the same shape. A transport failure (the
// bridge's socket gone, main not answering) becomes an ordinary failed result with a renderer
// code, so screens handle one kind of failure.
import type {
  AppStateSnapshot,
  DeniedDecisionView,
  ErrorView,
  GatehouseApi,
  IpcChannel,
  IpcRequest,
  IpcResponse,
  IpcResult,
} from '../../shared/ipc/contract.ts';
import type { LanguageSetting } from '../i18n/locale.ts';

/** Renderer-side codes; their wording lives in the renderer's i18n (error.codes.*). */
export const IPC_UNAVAILABLE = 'RENDERER_IPC_UNAVAILABLE';

export type SnapshotResult = IpcResult<AppStateSnapshot>;

export interface ApiClient {
  getState(): Promise<SnapshotResult>;
  refresh(): Promise<SnapshotResult>;
  enroll(enterpriseId: string): Promise<SnapshotResult>;
  resetEnrollment(): Promise<SnapshotResult>;
  chooseSource(sourceId: string): Promise<SnapshotResult>;
  startBrowserSignIn(sourceId?: string): Promise<IpcResult<{ authorize_url: string }>>;
  reopenBrowser(): Promise<IpcResult<Record<string, never>>>;
  startQrSignIn(sourceId?: string): Promise<IpcResult<{ qr_url: string }>>;
  cancelSignIn(): Promise<SnapshotResult>;
  dismissError(): Promise<SnapshotResult>;
  signOut(): Promise<SnapshotResult>;
  setLanguage(language: LanguageSetting): Promise<SnapshotResult>;
  setControlPlaneUrl(url: string | null): Promise<SnapshotResult>;
  setAutoStart(enabled: boolean): Promise<SnapshotResult>;
  /** Returns the unsubscribe function. */
  onStateChanged(listener: (snapshot: AppStateSnapshot) => void): () => void;
  /** The local proxy's latest denied decisions, newest first. */
  recentDenied(limit?: number): Promise<IpcResult<{ decisions: DeniedDecisionView[] }>>;
  /** Main's pushes of that list as it changes. Returns the unsubscribe function. */
  onDenied(listener: (decisions: DeniedDecisionView[]) => void): () => void;
}

const unavailable = (): ErrorView => ({ code: IPC_UNAVAILABLE, message: '', fix: null });

export function createApiClient(api: GatehouseApi | undefined): ApiClient {
  const call = async <C extends IpcChannel>(
    channel: C,
    request: IpcRequest<C>,
  ): Promise<IpcResponse<C>> => {
    if (!api) return { ok: false, error: unavailable() } as IpcResponse<C>;
    try {
      return await api.invoke(channel, request);
    } catch {
      return { ok: false, error: unavailable() } as IpcResponse<C>;
    }
  };
  const withSource = (sourceId: string | undefined) =>
    sourceId === undefined ? {} : { source_id: sourceId };
  return {
    getState: () => call('state:get', {}),
    refresh: () => call('state:refresh', {}),
    enroll: (enterpriseId) => call('enrollment:enroll', { enterprise_id: enterpriseId }),
    resetEnrollment: () => call('enrollment:reset', {}),
    chooseSource: (sourceId) => call('sign-in:choose-source', { source_id: sourceId }),
    startBrowserSignIn: (sourceId) => call('sign-in:start-browser', withSource(sourceId)),
    reopenBrowser: () =>
      call('sign-in:reopen-browser', {}) as Promise<IpcResult<Record<string, never>>>,
    startQrSignIn: (sourceId) => call('sign-in:start-qr', withSource(sourceId)),
    cancelSignIn: () => call('sign-in:cancel', {}),
    dismissError: () => call('sign-in:dismiss-error', {}),
    signOut: () => call('session:sign-out', {}),
    setLanguage: (language) => call('settings:set-language', { language }),
    setControlPlaneUrl: (url) => call('settings:set-control-plane-url', { url }),
    setAutoStart: (enabled) => call('settings:set-auto-start', { enabled }),
    onStateChanged: (listener) => {
      if (!api) return () => {};
      try {
        return api.on('state:changed', listener);
      } catch {
        return () => {};
      }
    },
    recentDenied: (limit) => call('proxy:recent-denied', limit === undefined ? {} : { limit }),
    onDenied: (listener) => {
      if (!api) return () => {};
      try {
        return api.on('proxy:denied', (payload) => listener(payload.decisions));
      } catch {
        return () => {};
      }
    },
  };
}

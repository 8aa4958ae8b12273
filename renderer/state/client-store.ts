// The renderer's mirror of main's state, plus what only the UI knows (which panel is open,
// which command is running, the last command's failure). Main stays the source of truth:
// every command answers with (or later pushes) a full snapshot; an older revision never
// replaces a newer one.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type {
  AppStateSnapshot,
  DeniedDecisionView,
  ErrorView,
  IpcResult,
} from '../../shared/ipc/contract.ts';
import type { ApiClient } from '../app/api-client.ts';
import type { LanguageSetting } from '../i18n/locale.ts';

export type Command =
  | 'enroll'
  | 'reset'
  | 'choose-source'
  | 'browser'
  | 'reopen'
  | 'qr'
  | 'cancel'
  | 'dismiss'
  | 'sign-out'
  | 'language'
  | 'control-plane-url'
  | 'auto-start'
  | 'refresh';

export interface ClientState {
  snapshot: AppStateSnapshot | null;
  /** The first state could not be read: nothing else can be shown. */
  loadError: ErrorView | null;
  pending: Command | null;
  /** The last command's refusal (shown next to where it was asked); cleared by the next one. */
  commandError: { command: Command; error: ErrorView } | null;
  settingsOpen: boolean;
  /** The person asked to see the source list again (several sources). */
  choosingSource: boolean;
  /** The local proxy's latest denied decisions (newest first), for "why was this blocked". */
  denied: DeniedDecisionView[];
}

export interface ClientActions {
  start(): Promise<void>;
  stop(): void;
  accept(snapshot: AppStateSnapshot): void;
  enroll(enterpriseId: string): Promise<boolean>;
  resetEnrollment(): Promise<void>;
  chooseSource(sourceId: string): Promise<void>;
  showSourceChoice(): void;
  startBrowserSignIn(): Promise<void>;
  reopenBrowser(): Promise<void>;
  startQrSignIn(): Promise<void>;
  cancelSignIn(): Promise<void>;
  dismissError(): Promise<void>;
  signOut(): Promise<void>;
  setLanguage(language: LanguageSetting): Promise<void>;
  setControlPlaneUrl(url: string | null): Promise<boolean>;
  setAutoStart(enabled: boolean): Promise<void>;
  refresh(): Promise<void>;
  openSettings(): void;
  closeSettings(): void;
  clearCommandError(): void;
  loadDenied(): Promise<void>;
}

export type ClientStore = StoreApi<ClientState & ClientActions>;

const isSnapshot = (value: unknown): value is AppStateSnapshot =>
  typeof value === 'object' && value !== null && 'revision' in value && 'sign_in' in value;

export function createClientStore(api: ApiClient): ClientStore {
  let unsubscribe: (() => void) | undefined;
  let unsubscribeDenied: (() => void) | undefined;
  return createStore<ClientState & ClientActions>()((set, get) => {
    const accept = (snapshot: AppStateSnapshot) => {
      const current = get().snapshot;
      if (current && snapshot.revision < current.revision) return;
      set({ snapshot, loadError: null });
    };
    // Runs one command; a snapshot answer is applied, a refusal is kept for the screen.
    const run = async <T>(
      command: Command,
      call: () => Promise<IpcResult<T>>,
    ): Promise<boolean> => {
      set({ pending: command, commandError: null });
      try {
        const result = await call();
        if (!result.ok) {
          set({ commandError: { command, error: result.error } });
          return false;
        }
        if (isSnapshot(result.value)) accept(result.value);
        return true;
      } finally {
        if (get().pending === command) set({ pending: null });
      }
    };
    const selectedSource = () => get().snapshot?.enrollment.selected_source_id ?? undefined;
    return {
      snapshot: null,
      loadError: null,
      pending: null,
      commandError: null,
      settingsOpen: false,
      choosingSource: false,
      denied: [],
      accept,
      async start() {
        // Subscribe first so no change between the read and the subscription is lost.
        unsubscribe ??= api.onStateChanged(accept);
        unsubscribeDenied ??= api.onDenied((denied) => set({ denied }));
        const result = await api.getState();
        if (result.ok) accept(result.value);
        else set({ loadError: result.error });
      },
      stop() {
        unsubscribe?.();
        unsubscribe = undefined;
        unsubscribeDenied?.();
        unsubscribeDenied = undefined;
      },
      async loadDenied() {
        const result = await api.recentDenied();
        // A refusal (or an older main without the channel) only means no list to show.
        if (result.ok && Array.isArray(result.value?.decisions))
          set({ denied: result.value.decisions });
      },
      enroll: (enterpriseId) => run('enroll', () => api.enroll(enterpriseId)),
      async resetEnrollment() {
        if (await run('reset', () => api.resetEnrollment())) set({ choosingSource: false });
      },
      async chooseSource(sourceId) {
        if (await run('choose-source', () => api.chooseSource(sourceId)))
          set({ choosingSource: false });
      },
      showSourceChoice: () => set({ choosingSource: true }),
      async startBrowserSignIn() {
        await run('browser', () => api.startBrowserSignIn(selectedSource()));
      },
      async reopenBrowser() {
        await run('reopen', () => api.reopenBrowser());
      },
      async startQrSignIn() {
        await run('qr', () => api.startQrSignIn(selectedSource()));
      },
      async cancelSignIn() {
        await run('cancel', () => api.cancelSignIn());
      },
      async dismissError() {
        await run('dismiss', () => api.dismissError());
      },
      async signOut() {
        await run('sign-out', () => api.signOut());
      },
      async setLanguage(language) {
        await run('language', () => api.setLanguage(language));
      },
      setControlPlaneUrl: (url) => run('control-plane-url', () => api.setControlPlaneUrl(url)),
      async setAutoStart(enabled) {
        await run('auto-start', () => api.setAutoStart(enabled));
      },
      async refresh() {
        await run('refresh', () => api.refresh());
      },
      openSettings: () => set({ settingsOpen: true, commandError: null }),
      closeSettings: () => set({ settingsOpen: false, commandError: null }),
      clearCommandError: () => set({ commandError: null }),
    };
  });
}

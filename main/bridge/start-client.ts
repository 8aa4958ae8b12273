// Starts the client core with the browser bridge in front of it: what `./gatehouse demo` runs
// where Electron is not installed, and what the Playwright tests drive. Non-secret state lives
// in memory (a fresh first run every time); the refresh token goes to the OS keychain when one
// answers, otherwise memory only (the UI says so), exactly as in the desktop app.
import { ClientCore, type ClientCoreDeps } from '../core/client-core.ts';
import { openSecretStore, type SecretStoreChoice } from '../core/keychain-secret-store.ts';
import { noManagedConfig, type ManagedConfig } from '../core/managed-config.ts';
import { MemoryKeyValueStore, type KeyValueStore } from '../core/settings.ts';
import { startBridge, type BridgeServer } from './bridge-server.ts';

export interface BridgeClientOptions {
  rendererDir: string;
  controlPlaneUrl?: string;
  /** Machine policy to simulate (e.g. a locked enterprise ID). */
  managed?: ManagedConfig;
  appVersion?: string;
  systemLocale?: string;
  port?: number;
  store?: KeyValueStore;
  secrets?: SecretStoreChoice;
  overrides?: Partial<ClientCoreDeps>;
}

export interface BridgeClient {
  core: ClientCore;
  bridge: BridgeServer;
  close(): Promise<void>;
}

export async function startBridgeClient(options: BridgeClientOptions): Promise<BridgeClient> {
  const store = options.store ?? new MemoryKeyValueStore();
  // The core needs the bridge to open pages and the bridge needs the core: bound late.
  const late: { bridge?: BridgeServer } = {};
  const core = new ClientCore({
    appVersion: options.appVersion ?? '0.1.0',
    systemLocale: options.systemLocale ?? Intl.DateTimeFormat().resolvedOptions().locale,
    shell: 'browser-bridge',
    store,
    managed: options.managed
      ? { ...noManagedConfig(), config: options.managed, source: 'linux-file' }
      : noManagedConfig(),
    secrets: options.secrets ?? (await openSecretStore()),
    openBrowser: (url) => late.bridge?.openUrl(url),
    showQr: (url) => late.bridge?.openUrl(url),
    ...options.overrides,
  });
  if (options.controlPlaneUrl && !options.managed?.controlPlaneUrl)
    core.settings.update({ controlPlaneUrl: options.controlPlaneUrl });
  const bridge = (late.bridge = await startBridge({
    core,
    rendererDir: options.rendererDir,
    ...(options.port === undefined ? {} : { port: options.port }),
  }));
  await core.start();
  return {
    core,
    bridge,
    async close() {
      await bridge.close();
      await core.dispose();
    },
  };
}

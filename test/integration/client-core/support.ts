// A client core wired to a real control plane (in process, embedded PGlite) and the sandbox,
// with a "system browser" that walks the sandbox's sign-in pages over HTTP and then delivers
// the redirect to the core's real loopback listener.
import type { AppStateSnapshot } from '../../../shared/ipc/state.ts';
import { ClientCore, type ClientCoreDeps } from '../../../main/core/client-core.ts';
import { noManagedConfig, type ManagedConfig } from '../../../main/core/managed-config.ts';
import { InMemorySecretStore, type SecretStore } from '../../../main/core/secret-store.ts';
import { MemoryKeyValueStore, type KeyValueStore } from '../../../main/core/settings.ts';
import { SecretStoreError } from '../../../main/core/secret-store.ts';
import { browserSignIn, FormBrowser } from '../../fixtures/signin-client.ts';
import type { SignInHarness } from '../../fixtures/signin-harness.ts';

export interface TestClient {
  core: ClientCore;
  store: KeyValueStore;
  secrets: SecretStore;
  opened: string[];
  /** Resolves with the loopback page's HTTP status after the person "approved" in the browser. */
  lastDelivery: Promise<number> | undefined;
}

export interface TestClientOptions {
  role?: string;
  store?: KeyValueStore;
  secrets?: SecretStore;
  persistent?: boolean;
  managed?: ManagedConfig;
  /** Leave the browser alone (the test drives it). */
  manualBrowser?: boolean;
  overrides?: Partial<ClientCoreDeps>;
}

/** Follows redirects (with the browser's cookies) until one points at the loopback callback. */
export async function followToLoopback(browser: FormBrowser, url: string): Promise<string> {
  let next = url;
  for (let i = 0; i < 10; i++) {
    if (new URL(next).pathname === '/callback') return next;
    const r = await browser.request(next);
    if (!r.location)
      throw new Error(`no redirect to the loopback: ${r.status} ${r.body.slice(0, 200)}`);
    next = r.location;
  }
  throw new Error('too many redirects');
}

/** Walks the sandbox pages for `role` from the authorize URL and hits the loopback redirect. */
export async function approveInBrowser(
  h: SignInHarness,
  authorizeUrl: string,
  role = 'member',
): Promise<number> {
  const browser = new FormBrowser();
  // Stops at the control plane's callback (same host); followToLoopback takes it from there.
  const back = await browserSignIn(browser, authorizeUrl, h.sandboxUrl, h.sample(role), h.baseUrl);
  if (!back.location) throw new Error(`no redirect: ${back.status} ${back.body.slice(0, 200)}`);
  const res = await fetch(await followToLoopback(browser, back.location));
  await res.text();
  return res.status;
}

export function createTestClient(h: SignInHarness, options: TestClientOptions = {}): TestClient {
  const store = options.store ?? new MemoryKeyValueStore();
  const secrets = options.secrets ?? new InMemorySecretStore();
  const opened: string[] = [];
  const client: TestClient = {
    core: undefined as never,
    store,
    secrets,
    opened,
    lastDelivery: undefined,
  };
  const persistent = options.persistent ?? true;
  const core = new ClientCore({
    appVersion: '0.1.0',
    platform: 'linux',
    systemLocale: 'en-US',
    shell: 'browser-bridge',
    store,
    managed: {
      ...noManagedConfig(),
      config: options.managed ?? {},
      source: options.managed ? 'linux-file' : 'none',
    },
    secrets: persistent
      ? { store: secrets, persistent: true }
      : { store: secrets, persistent: false, error: new SecretStoreError('KEYCHAIN_UNAVAILABLE') },
    openBrowser: (url) => {
      opened.push(url);
      if (!options.manualBrowser) {
        client.lastDelivery = approveInBrowser(h, url, options.role);
        client.lastDelivery.catch(() => undefined);
      }
    },
    showQr: (url) => {
      opened.push(url);
    },
    stream: { heartbeatTimeoutMs: 10_000, backoff: { baseMs: 50, maxMs: 500 } },
    ...options.overrides,
  });
  if (!options.managed?.controlPlaneUrl) core.settings.update({ controlPlaneUrl: h.baseUrl });
  client.core = core;
  return client;
}

/** Waits (bounded) until the snapshot satisfies `predicate`. */
export async function waitFor(
  core: ClientCore,
  predicate: (s: AppStateSnapshot) => boolean,
  timeoutMs = 10_000,
): Promise<AppStateSnapshot> {
  const now = core.snapshot();
  if (predicate(now)) return now;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      core.off('snapshot', listen);
      reject(
        new Error(
          `timed out; last state: ${JSON.stringify(core.snapshot().sign_in)} ${JSON.stringify(core.snapshot().connection)}`,
        ),
      );
    }, timeoutMs);
    const listen = (s: AppStateSnapshot) => {
      if (!predicate(s)) return;
      clearTimeout(timer);
      core.off('snapshot', listen);
      resolve(s);
    };
    core.on('snapshot', listen);
  });
}

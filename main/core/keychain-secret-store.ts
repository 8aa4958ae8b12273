// The OS keychain adapter of the SecretStore port: macOS Keychain, Windows Credential Manager,
// Linux Secret Service, through @napi-rs/keyring's AsyncEntry (the async twin of Entry, so a
// slow keychain never blocks the main process). On Linux the entry is pinned to the Secret
// Service: the library would otherwise fall back to the kernel keyring, which forgets
// everything at logout and is readable by every process of the session, and would make "is
// the token kept?" differ from machine to machine without anyone being told.
import { AsyncEntry } from '@napi-rs/keyring';
import {
  InMemorySecretStore,
  SECRET_SERVICE,
  SecretStoreError,
  secretAccount,
  type SecretRef,
  type SecretStore,
} from './secret-store.ts';

const ENTRY_OPTIONS = { linux: { store: 'secret-service' as const } };
const PROBE_ACCOUNT = 'gatehouse-keychain-probe';
const PROBE_TIMEOUT_MS = 10_000;

/**
 * "No keychain here" (no Secret Service, no D-Bus, no default collection, access denied) as
 * opposed to a keychain that refused one operation. keyring-rs words the first kind as
 * "Couldn't access platform storage: ..." or "Platform failure: ...".
 */
export function isKeychainUnavailable(error: unknown): boolean {
  const message = String((error as { message?: unknown } | null)?.message ?? error);
  return /couldn't access platform storage|platform failure/i.test(message);
}

const toStoreError = (error: unknown): SecretStoreError => {
  if (error instanceof SecretStoreError) return error;
  const message = String((error as { message?: unknown } | null)?.message ?? error);
  return isKeychainUnavailable(error)
    ? new SecretStoreError('KEYCHAIN_UNAVAILABLE', { reason: message.slice(0, 200), cause: error })
    : new SecretStoreError('KEYCHAIN_FAILED', { reason: message.slice(0, 200), cause: error });
};

export class KeychainSecretStore implements SecretStore {
  readonly persistent = true;
  readonly #service: string;

  constructor(service: string = SECRET_SERVICE) {
    this.#service = service;
  }

  #entry(account: string): AsyncEntry {
    // The constructor itself throws when the Secret Service cannot be reached.
    try {
      return new AsyncEntry(this.#service, account, ENTRY_OPTIONS);
    } catch (error) {
      throw toStoreError(error);
    }
  }

  async get(ref: SecretRef): Promise<string | undefined> {
    try {
      return (await this.#entry(secretAccount(ref)).getPassword()) ?? undefined;
    } catch (error) {
      throw toStoreError(error);
    }
  }

  async set(ref: SecretRef, value: string): Promise<void> {
    try {
      await this.#entry(secretAccount(ref)).setPassword(value);
    } catch (error) {
      throw toStoreError(error);
    }
  }

  async delete(ref: SecretRef): Promise<boolean> {
    try {
      return await this.#entry(secretAccount(ref)).deletePassword();
    } catch (error) {
      throw toStoreError(error);
    }
  }

  /**
   * Writes, reads back and deletes a probe entry. A read alone proves nothing: without a
   * Secret Service a read of a missing entry can answer "nothing there" while writes fail.
   */
  async probe(): Promise<void> {
    const signal = AbortSignal.timeout(PROBE_TIMEOUT_MS);
    const value = `probe-${Date.now()}`;
    try {
      const entry = new AsyncEntry(this.#service, PROBE_ACCOUNT, ENTRY_OPTIONS);
      await entry.setPassword(value, signal);
      const back = await entry.getPassword(signal);
      await entry.deletePassword(signal);
      if (back !== value) throw new Error('Platform failure: the keychain did not keep a value');
    } catch (error) {
      const wrapped = toStoreError(error);
      // A keychain that hangs (an unanswered unlock prompt) is as good as none for now.
      if (signal.aborted) {
        throw new SecretStoreError('KEYCHAIN_UNAVAILABLE', { reason: 'timeout', cause: error });
      }
      throw wrapped;
    }
  }
}

export type SecretStoreChoice =
  | { store: SecretStore; persistent: true }
  | { store: SecretStore; persistent: false; error: SecretStoreError };

/**
 * The keychain when it works, otherwise memory only together with the KEYCHAIN_UNAVAILABLE
 * (or KEYCHAIN_FAILED) error the UI shows. Never a file.
 */
export async function openSecretStore(
  keychain: Pick<KeychainSecretStore, 'probe'> & SecretStore = new KeychainSecretStore(),
): Promise<SecretStoreChoice> {
  try {
    await keychain.probe();
    return { store: keychain, persistent: true };
  } catch (error) {
    return { store: new InMemorySecretStore(), persistent: false, error: toStoreError(error) };
  }
}

// The port for secrets the client must keep across restarts (the refresh token). The real
// adapter is the OS keychain (keychain-secret-store.ts); when there is none, the app uses the
// in-memory store below and tells the person: never a plaintext file.
import { ClientError, defineClientErrors } from './client-error.ts';

export const SECRET_SERVICE = 'Gatehouse';

export type SecretName = 'refresh-token';

/** Whose secret: one per control plane and enterprise, so two deployments never collide. */
export interface SecretRef {
  controlPlaneUrl: string;
  enterpriseId: string;
  name: SecretName;
}

export interface SecretStore {
  /** True when secrets survive a restart (the OS keychain), false for memory only. */
  readonly persistent: boolean;
  get(ref: SecretRef): Promise<string | undefined>;
  set(ref: SecretRef, value: string): Promise<void>;
  /** True when there was a secret to delete. */
  delete(ref: SecretRef): Promise<boolean>;
}

/** The keychain account name, e.g. "refresh-token https://gate.example.com abcd2345efgh". */
export const secretAccount = (ref: SecretRef): string =>
  `${ref.name} ${ref.controlPlaneUrl.replace(/\/+$/, '')} ${ref.enterpriseId}`;

export const secretStoreErrors = defineClientErrors({
  KEYCHAIN_UNAVAILABLE: {
    message: {
      en: 'No system keychain is available, so your sign-in is kept in memory only and ends when Gatehouse quits.',
      'zh-CN': '系统钥匙串不可用，登录状态仅保存在内存中，退出 Gatehouse 后需要重新登录。',
    },
    fix: {
      en: 'On Linux, install and unlock a Secret Service keyring (GNOME Keyring or KWallet), then sign in again.',
      'zh-CN':
        '在 Linux 上，请安装并解锁 Secret Service 密钥环（GNOME Keyring 或 KWallet），然后重新登录。',
    },
  },
  KEYCHAIN_FAILED: {
    message: {
      en: 'The system keychain refused the operation ({reason}).',
      'zh-CN': '系统钥匙串拒绝了该操作（{reason}）。',
    },
    fix: {
      en: 'Unlock the keychain and try again; if it keeps failing, sign out and sign in again.',
      'zh-CN': '请解锁钥匙串后重试；如果仍然失败，请退出登录后重新登录。',
    },
  },
});

export type SecretStoreErrorCode = keyof typeof secretStoreErrors;

export class SecretStoreError extends ClientError<SecretStoreErrorCode> {
  constructor(code: SecretStoreErrorCode, options: { reason?: string; cause?: unknown } = {}) {
    super(code, secretStoreErrors[code], {
      params: { reason: options.reason ?? 'unknown' },
      cause: options.cause,
    });
    this.name = 'SecretStoreError';
  }
}

/** Secrets for this run only: the mode without a keychain, and a fake for tests. */
export class InMemorySecretStore implements SecretStore {
  readonly persistent = false;
  readonly #secrets = new Map<string, string>();

  async get(ref: SecretRef): Promise<string | undefined> {
    return this.#secrets.get(secretAccount(ref));
  }

  async set(ref: SecretRef, value: string): Promise<void> {
    this.#secrets.set(secretAccount(ref), value);
  }

  async delete(ref: SecretRef): Promise<boolean> {
    return this.#secrets.delete(secretAccount(ref));
  }
}

// The secret-store port without a keychain: account names, the memory store, and how keychain
// failures are told apart (no keychain at all vs. one refused operation).
import { describe, expect, it } from 'vitest';
import {
  isKeychainUnavailable,
  openSecretStore,
} from '../../../main/core/keychain-secret-store.ts';
import {
  InMemorySecretStore,
  SecretStoreError,
  secretAccount,
} from '../../../main/core/secret-store.ts';

const ref = {
  controlPlaneUrl: 'https://gate.example.com/',
  enterpriseId: 'abcd2345efgh',
  name: 'refresh-token' as const,
};

const fakeKeychain = (probeError: Error) => {
  const memory = new InMemorySecretStore();
  return Object.assign(memory, {
    persistent: true as const,
    probe: async () => {
      throw probeError;
    },
  });
};

describe('secret store', () => {
  it('names the keychain account by secret, control plane and enterprise', () => {
    expect(secretAccount(ref)).toBe('refresh-token https://gate.example.com abcd2345efgh');
  });

  it('the memory store sets, gets and deletes, and says it is not persistent', async () => {
    const store = new InMemorySecretStore();
    expect(store.persistent).toBe(false);
    expect(await store.get(ref)).toBeUndefined();
    await store.set(ref, 'rt');
    expect(await store.get(ref)).toBe('rt');
    expect(await store.delete(ref)).toBe(true);
    expect(await store.delete(ref)).toBe(false);
  });

  it('tells "no keychain" from "keychain refused"', () => {
    expect(isKeychainUnavailable(new Error("Couldn't access platform storage: AccessDenied"))).toBe(
      true,
    );
    expect(
      isKeychainUnavailable(new Error('Platform failure: DBus error: Failed to connect to socket')),
    ).toBe(true);
    expect(isKeychainUnavailable(new Error('Entry is matched by 2 credentials'))).toBe(false);
  });

  it('falls back to memory with the error the UI shows', async () => {
    const none = await openSecretStore(
      fakeKeychain(new Error("Couldn't access platform storage: Secret Service: no result found")),
    );
    expect(none.persistent).toBe(false);
    expect(none.store).toBeInstanceOf(InMemorySecretStore);
    if (none.persistent) throw new Error('unreachable');
    expect(none.error).toBeInstanceOf(SecretStoreError);
    expect(none.error.code).toBe('KEYCHAIN_UNAVAILABLE');
    expect(none.error.describe('zh-CN').message).toContain('仅保存在内存中');
    expect(none.error.describe('en').fix).toContain('Secret Service');

    const refused = await openSecretStore(
      fakeKeychain(new Error('Entry is matched by 2 credentials')),
    );
    expect(refused.persistent).toBe(false);
    if (refused.persistent) throw new Error('unreachable');
    expect(refused.error.code).toBe('KEYCHAIN_FAILED');
    expect(refused.error.describe('en').message).toContain('matched by 2 credentials');
  });
});

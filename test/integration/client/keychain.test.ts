// The keychain adapter against the real Secret Service (gnome-keyring in a dbus session, which
// scripts/test-all.sh starts and announces with GATEHOUSE_SECRET_SERVICE=1), and the fallback
// to memory in a process whose D-Bus leads nowhere.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { KeychainSecretStore, openSecretStore } from '../../../main/core/keychain-secret-store.ts';
import { secretAccount, type SecretRef } from '../../../main/core/secret-store.ts';

const run = promisify(execFile);
const hasSecretService = process.env.GATEHOUSE_SECRET_SERVICE === '1';
const SERVICE = `Gatehouse-test-${process.pid}`;

const ref = (enterpriseId: string, controlPlaneUrl = 'https://gate.example.com'): SecretRef => ({
  controlPlaneUrl,
  enterpriseId,
  name: 'refresh-token',
});

describe.runIf(hasSecretService)('keychain secret store (real Secret Service)', () => {
  const store = new KeychainSecretStore(SERVICE);
  const used: SecretRef[] = [];
  afterEach(async () => {
    for (const r of used.splice(0)) await store.delete(r);
  });

  it('is chosen as the persistent store when the Secret Service works', async () => {
    const choice = await openSecretStore(store);
    expect(choice.persistent).toBe(true);
    expect(choice.store).toBe(store);
  });

  it('sets, gets and deletes the refresh token', async () => {
    const a = ref('abcd2345efgh');
    used.push(a);
    expect(await store.get(a)).toBeUndefined();
    await store.set(a, 'rt-1');
    expect(await store.get(a)).toBe('rt-1');
    await store.set(a, 'rt-2');
    expect(await store.get(a)).toBe('rt-2');
    expect(await store.delete(a)).toBe(true);
    expect(await store.get(a)).toBeUndefined();
    expect(await store.delete(a)).toBe(false);
  });

  it('keeps one secret per control plane and enterprise', async () => {
    const refs = [
      ref('abcd2345efgh'),
      ref('zzzz2345efgh'),
      ref('abcd2345efgh', 'https://other.example.com'),
    ];
    used.push(...refs);
    await Promise.all(refs.map((r, i) => store.set(r, `rt-${i}`)));
    expect(await Promise.all(refs.map((r) => store.get(r)))).toEqual(['rt-0', 'rt-1', 'rt-2']);
    await store.delete(refs[0]!);
    expect(await Promise.all(refs.map((r) => store.get(r)))).toEqual([undefined, 'rt-1', 'rt-2']);
  });

  it('is really in the Secret Service, where other tools see it, and gone after delete', async () => {
    const a = ref('seen2345efgh');
    used.push(a);
    await store.set(a, 'rt-visible');
    const lookup = () =>
      run('secret-tool', ['lookup', 'service', SERVICE, 'username', secretAccount(a)]).then(
        (r) => r.stdout,
        () => '',
      );
    expect(await lookup()).toBe('rt-visible');
    await store.delete(a);
    expect(await lookup()).toBe('');
  });
});

describe.runIf(process.platform === 'linux')('keychain unavailable', () => {
  it('falls back to memory with KEYCHAIN_UNAVAILABLE when D-Bus leads nowhere', async () => {
    const child = fileURLToPath(new URL('./support/keychain-probe-child.ts', import.meta.url));
    const { stdout } = await run(process.execPath, [child], {
      env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/gatehouse-bus' },
      timeout: 20_000,
    });
    expect(JSON.parse(stdout.trim())).toEqual({
      persistent: false,
      storePersistent: false,
      code: 'KEYCHAIN_UNAVAILABLE',
      roundTrip: 'rt-child',
    });
  });
});

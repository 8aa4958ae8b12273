// The signed-in session kept in the real OS keychain (gnome-keyring's Secret Service, which
// scripts/test-all.sh starts and announces with GATEHOUSE_SECRET_SERVICE=1): the refresh token
// is there after sign-in, a new app run signs in from it, and sign-out leaves the keychain empty.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, type TestDatabase } from '../../fixtures/db.ts';
import { startSignInHarness, type SignInHarness } from '../../fixtures/signin-harness.ts';
import { KeychainSecretStore, openSecretStore } from '../../../main/core/keychain-secret-store.ts';
import { MemoryKeyValueStore } from '../../../main/core/settings.ts';
import { createTestClient, waitFor } from './support.ts';

const hasSecretService = process.env.GATEHOUSE_SECRET_SERVICE === '1';

describe.runIf(hasSecretService)('client session in the real keychain', () => {
  let database: TestDatabase;
  let h: SignInHarness;
  const service = `Gatehouse-core-test-${process.pid}`;

  beforeAll(async () => {
    database = await engines[0]!.open();
    h = await startSignInHarness(database);
  });
  afterAll(async () => {
    await h?.close();
    await database?.close();
  });

  it('keeps the refresh token in the keychain, restores from it, and sign-out empties it', async () => {
    const choice = await openSecretStore(new KeychainSecretStore(service));
    expect(choice.persistent).toBe(true);
    const store = new MemoryKeyValueStore();
    const ref = {
      controlPlaneUrl: h.baseUrl,
      enterpriseId: h.tenant.verification_id,
      name: 'refresh-token' as const,
    };
    const first = createTestClient(h, { store, secrets: choice.store });
    try {
      await first.core.enroll(h.tenant.verification_id);
      await first.core.startSignIn('browser');
      await waitFor(first.core, (s) => s.sign_in.phase === 'signed_in');
      // Read back through a separate handle: the secret is in the keychain, not in this object.
      const stored = await new KeychainSecretStore(service).get(ref);
      expect(stored).toMatch(/.{16,}/);
      expect(JSON.stringify(store)).not.toContain(stored!);
    } finally {
      await first.core.dispose();
    }

    const second = createTestClient(h, { store, secrets: new KeychainSecretStore(service) });
    try {
      await second.core.start();
      const s = await waitFor(second.core, (x) => x.sign_in.phase === 'signed_in');
      expect(s.keychain.available).toBe(true);
      await second.core.signOut();
      expect(await new KeychainSecretStore(service).get(ref)).toBeUndefined();
    } finally {
      await second.core.dispose();
    }
  });
});

// Run in a child process with a D-Bus address that leads nowhere: prints what the app would
// do about its keychain, as one JSON line.
import { openSecretStore } from '../../../../main/core/keychain-secret-store.ts';

const choice = await openSecretStore();
const ref = {
  controlPlaneUrl: 'https://gate.example.com',
  enterpriseId: 'abcd2345efgh',
  name: 'refresh-token' as const,
};
await choice.store.set(ref, 'rt-child');
console.log(
  JSON.stringify({
    persistent: choice.persistent,
    storePersistent: choice.store.persistent,
    code: choice.persistent ? undefined : choice.error.code,
    roundTrip: await choice.store.get(ref),
  }),
);

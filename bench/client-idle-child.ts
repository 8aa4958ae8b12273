// The child of bench/client-idle-rss.bench.ts: a client core alone in its process, enrolled,
// signed in (push stream open, refresh scheduled) and then idle. Prints "ready" when signed in.
// Env: CP_URL, SANDBOX_URL, ENTERPRISE_ID, USER_EMAIL, USER_PASSWORD.
import { ClientCore } from '../main/core/client-core.ts';
import { noManagedConfig } from '../main/core/managed-config.ts';
import { InMemorySecretStore } from '../main/core/secret-store.ts';
import { MemoryKeyValueStore } from '../main/core/settings.ts';
import { browserSignIn, FormBrowser } from '../test/fixtures/signin-client.ts';

const env = (k: string) => {
  const v = process.env[k];
  if (!v) throw new Error(`${k} is not set`);
  return v;
};
const cpUrl = env('CP_URL');
const core = new ClientCore({
  appVersion: '0.1.0',
  systemLocale: 'en-US',
  shell: 'browser-bridge',
  store: new MemoryKeyValueStore(),
  managed: noManagedConfig(),
  secrets: { store: new InMemorySecretStore(), persistent: true },
  openBrowser: async (url) => {
    const browser = new FormBrowser();
    const back = await browserSignIn(
      browser,
      url,
      env('SANDBOX_URL'),
      { email: env('USER_EMAIL'), password: env('USER_PASSWORD') },
      cpUrl,
    );
    let next = back.location!;
    for (let i = 0; i < 10 && new URL(next).pathname !== '/callback'; i++)
      next = (await browser.request(next)).location!;
    void browser.request(next);
  },
  showQr: () => undefined,
});
core.settings.update({ controlPlaneUrl: cpUrl });
await core.enroll(env('ENTERPRISE_ID'));
core.state.on('change', (s) => {
  if (s.signIn.phase === 'signed_in' && s.connection.status === 'online') {
    console.log('ready');
    setTimeout(() => {
      const m = process.memoryUsage();
      const mib = (n: number) => Math.round(n / 2 ** 20);
      console.error(
        `child memory: rss=${mib(m.rss)} heapUsed=${mib(m.heapUsed)} heapTotal=${mib(m.heapTotal)} external=${mib(m.external)} arrayBuffers=${mib(m.arrayBuffers)} MiB`,
      );
    }, 5_000).unref();
  }
});
await core.startSignIn('browser');
setInterval(() => undefined, 1 << 30);

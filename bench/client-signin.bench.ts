// Click-to-signed-in overhead of the desktop client core with the sandbox approving at once:
// from "start sign-in" to the signed-in state, with the system browser played over HTTP by an
// opener that walks the sandbox's pages with a remembered browser (cookie, then consent) and
// delivers the redirect to the core's real loopback listener. Everything but the human: the
// loopback listener, PKCE, the login transaction, the control plane's authorize redirect and
// callback (code exchange and user_info against the sandbox), the handoff and its redemption.
// Control plane in process on embedded PGlite, sandbox in process; 127.0.0.1 only.
// Args: [sign-ins, default 60]
import { ClientCore } from '../main/core/client-core.ts';
import { noManagedConfig } from '../main/core/managed-config.ts';
import { InMemorySecretStore } from '../main/core/secret-store.ts';
import { MemoryKeyValueStore } from '../main/core/settings.ts';
import { startDemoStack } from '../scripts/demo-stack.ts';
import { browserSignIn, FormBrowser } from '../test/fixtures/signin-client.ts';
import type { Bench, Figure } from './lib/figure.ts';
import { percentile } from './lib/stats.ts';

/** Follows redirects with the browser's cookies until the loopback callback, then hits it. */
async function deliver(browser: FormBrowser, start: string): Promise<void> {
  let next = start;
  for (let i = 0; i < 10 && new URL(next).pathname !== '/callback'; i++) {
    const r = await browser.request(next);
    if (!r.location) throw new Error(`no redirect: ${r.status} ${r.body.slice(0, 200)}`);
    next = r.location;
  }
  await browser.request(next);
}

const bench: Bench = {
  name: 'client-signin',
  description:
    'Client core click-to-signed-in overhead, sandbox approving at once (goal p50 <= 300 ms)',
  async run(args) {
    const n = Number(args[0] ?? 60);
    const stack = await startDemoStack({ org: 'tiny', rateLimits: false });
    try {
      const member = stack.sandbox.world.sampleUsers.find((u) => u.role === 'member')!;
      const browser = new FormBrowser();
      let remembered = false;
      let failure: unknown;
      const core = new ClientCore({
        appVersion: '0.1.0',
        systemLocale: 'en-US',
        shell: 'browser-bridge',
        store: new MemoryKeyValueStore(),
        managed: noManagedConfig(),
        secrets: { store: new InMemorySecretStore(), persistent: true },
        openBrowser: (url) => {
          void (async () => {
            const back = await browserSignIn(
              browser,
              url,
              stack.sandboxUrl,
              remembered ? 'remembered' : member,
              stack.controlPlaneUrl,
            );
            remembered = true;
            if (!back.location) throw new Error(`sandbox refused: ${back.status}`);
            await deliver(browser, back.location);
          })().catch((e: unknown) => {
            failure = e;
          });
        },
        showQr: () => undefined,
      });
      core.settings.update({ controlPlaneUrl: stack.controlPlaneUrl });
      await core.enroll(stack.tenant.verification_id);

      const signInOnce = async (): Promise<number> => {
        const t0 = performance.now();
        const done = new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(failure ?? new Error('sign-in timed out')), 10_000);
          const on = () => {
            const phase = core.state.state.signIn.phase;
            if (phase === 'signed_in' || phase === 'error') {
              clearTimeout(timer);
              core.state.off('change', on);
              if (phase === 'error') reject(new Error(String(core.state.state.signIn.error?.code)));
              else resolve();
            }
          };
          core.state.on('change', on);
        });
        await core.startSignIn('browser');
        await done;
        const ms = performance.now() - t0;
        await core.signOut();
        return ms;
      };

      for (let i = 0; i < 5; i++) await signInOnce(); // warm-up (JIT, connections, first login)
      const samples: number[] = [];
      for (let i = 0; i < n; i++) samples.push(await signInOnce());
      samples.sort((a, b) => a - b);
      await core.dispose();
      const figures: Figure[] = [
        { metric: 'click_to_signed_in_p50', value: percentile(samples, 50), unit: 'ms', n },
        { metric: 'click_to_signed_in_p95', value: percentile(samples, 95), unit: 'ms', n },
        { metric: 'click_to_signed_in_max', value: samples[samples.length - 1]!, unit: 'ms', n },
      ];
      return figures;
    } finally {
      await stack.close();
    }
  },
};
export default bench;

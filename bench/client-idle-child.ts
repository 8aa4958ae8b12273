// The child of bench/client-idle-rss.bench.ts: a client core alone in its process, enrolled,
// signed in (push stream open, refresh scheduled) and then idle. Like the desktop app, it hands
// the sign-in page to "the system browser": here a line "open <url>" on stdout, which the parent
// walks through the sandbox. Prints "ready <cpu ms>" once signed in and online (the CPU time the
// process spent so far: start, enrolment, sign-in).
// Env: CP_URL, ENTERPRISE_ID.
import { ClientCore } from '../main/core/client-core.ts';
import { noManagedConfig } from '../main/core/managed-config.ts';
import { InMemorySecretStore } from '../main/core/secret-store.ts';
import { MemoryKeyValueStore } from '../main/core/settings.ts';

const env = (k: string) => {
  const v = process.env[k];
  if (!v) throw new Error(`${k} is not set`);
  return v;
};
const core = new ClientCore({
  appVersion: '0.1.0',
  systemLocale: 'en-US',
  shell: 'browser-bridge',
  store: new MemoryKeyValueStore(),
  managed: noManagedConfig(),
  secrets: { store: new InMemorySecretStore(), persistent: true },
  openBrowser: (url) => {
    process.stdout.write(`open ${url}\n`);
  },
  showQr: () => undefined,
});
core.settings.update({ controlPlaneUrl: env('CP_URL') });
await core.enroll(env('ENTERPRISE_ID'));
let reported = false;
let signedInCpu = process.cpuUsage();
core.state.on('change', (s) => {
  if (reported || s.signIn.phase !== 'signed_in' || s.connection.status !== 'online') return;
  reported = true;
  // CPU spent starting, enrolling and signing in: what V8 flags such as --lite-mode may slow.
  signedInCpu = process.cpuUsage();
  const cpuMs = (signedInCpu.user + signedInCpu.system) / 1000;
  process.stdout.write(`ready ${cpuMs.toFixed(1)}\n`);
  setTimeout(() => {
    const m = process.memoryUsage();
    const mib = (n: number) => Math.round(n / 2 ** 20);
    const cpu = process.cpuUsage();
    console.error(
      `child memory: rss=${mib(m.rss)} heapUsed=${mib(m.heapUsed)} heapTotal=${mib(m.heapTotal)} external=${mib(m.external)} MiB; cpu to signed in=${Math.round((signedInCpu.user + signedInCpu.system) / 1000)} ms, total=${Math.round((cpu.user + cpu.system) / 1000)} ms`,
    );
  }, 5_000).unref();
});
await core.startSignIn('browser');
setInterval(() => undefined, 1 << 30);

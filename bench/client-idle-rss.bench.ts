// Client core idle memory: a child process runs only the client core (bench/client-idle-child.ts,
// bundled to one JavaScript file the way out/main is, so Node's TypeScript stripper is not in the
// figure), signs in against the demo stack (sandbox + control plane, in this process), and idles
// with its push stream open. VmRSS is read from /proc/<pid>/status once a second for 15 s after it is
// signed in and online; the figure is the median and the maximum. Linux only.
// Args: [seconds, default 15]. Env: CLIENT_IDLE_NODE_FLAGS (flags for the child's node).
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';
import { MAIN_BUNDLE_TEXT } from '../vite.main.config.ts';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startDemoStack } from '../scripts/demo-stack.ts';
import { browserSignIn, FormBrowser } from '../test/fixtures/signin-client.ts';
import type { Bench, Figure } from './lib/figure.ts';
import { percentile } from './lib/stats.ts';

const vmRssMiB = (pid: number): number => {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!m) throw new Error('no VmRSS');
  return Number(m[1]) / 1024;
};

const bench: Bench = {
  name: 'client-idle-rss',
  description: 'Client core idle RSS, signed in with the push stream open (goal <= 80 MB)',
  async run(args) {
    const seconds = Number(args[0] ?? 15);
    const outDir = await mkdtemp(join(tmpdir(), 'idle-child-'));
    await build({
      configFile: false,
      logLevel: 'silent',
      build: {
        ssr: fileURLToPath(new URL('client-idle-child.ts', import.meta.url)),
        outDir,
        target: 'node22',
        rollupOptions: {
          external: [...builtinModules, ...builtinModules.map((m) => `node:${m}`)],
          // As vite.main.config.ts: an ASCII-only bundle (see there).
          output: { format: 'es', entryFileNames: 'child.mjs', ...MAIN_BUNDLE_TEXT },
        },
      },
      ssr: { noExternal: true },
    });
    const stack = await startDemoStack({ org: 'tiny', rateLimits: false });
    const member = stack.sandbox.world.sampleUsers.find((u) => u.role === 'member')!;
    // The bundle, not the .ts source: Node's type stripper alone would add ~37 MiB to the figure.
    // CLIENT_IDLE_NODE_FLAGS: V8/Node flags for the child (e.g. "--max-semi-space-size=1").
    const flags = (process.env.CLIENT_IDLE_NODE_FLAGS ?? '').split(/\s+/).filter(Boolean);
    const child = spawn(process.execPath, [...flags, join(outDir, 'child.mjs')], {
      env: {
        ...process.env,
        CP_URL: stack.controlPlaneUrl,
        SANDBOX_URL: stack.sandboxUrl,
        ENTERPRISE_ID: stack.tenant.verification_id,
        USER_EMAIL: member.email,
        USER_PASSWORD: member.password,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let signInCpuMs = Number.NaN;
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error('child not signed in within 30 s')),
          30_000,
        );
        child.stdout.on('data', (d: Buffer) => {
          for (const line of String(d).split('\n')) {
            if (line.startsWith('open ')) {
              // The "system browser": the sandbox's pages, then the child's loopback redirect.
              void (async () => {
                const browser = new FormBrowser();
                const back = await browserSignIn(
                  browser,
                  line.slice(5).trim(),
                  stack.sandboxUrl,
                  member,
                  stack.controlPlaneUrl,
                );
                let next = back.location!;
                for (let i = 0; i < 10 && new URL(next).pathname !== '/callback'; i++)
                  next = (await browser.request(next)).location!;
                await browser.request(next);
              })().catch(reject);
            }
            if (line.startsWith('ready')) {
              signInCpuMs = Number(line.split(' ')[1]);
              clearTimeout(timer);
              resolve();
            }
          }
        });
        child.once('exit', (code) => reject(new Error(`child exited ${code}`)));
      });
      const samples: number[] = [];
      for (let i = 0; i < seconds; i++) {
        await new Promise((r) => setTimeout(r, 1000));
        samples.push(vmRssMiB(child.pid!));
      }
      samples.sort((a, b) => a - b);
      const variant = flags.length ? ` [${flags.join(' ')}]` : '';
      const figures: Figure[] = [
        {
          metric: `idle_rss_median${variant}`,
          value: percentile(samples, 50),
          unit: 'MiB',
          n: samples.length,
        },
        {
          metric: `idle_rss_max${variant}`,
          value: samples[samples.length - 1]!,
          unit: 'MiB',
          n: samples.length,
        },
        // CPU the child used to start and sign in: the price of memory-saving V8 flags.
        { metric: `signin_cpu${variant}`, value: signInCpuMs, unit: 'ms', n: 1 },
        // This machine is shared: the load beside the figure says how quiet it was.
        { metric: 'load_average_1m', value: loadavg()[0]!, unit: 'load', n: 1 },
      ];
      return figures;
    } finally {
      child.kill('SIGTERM');
      await stack.close();
      await rm(outDir, { recursive: true, force: true });
    }
  },
};
export default bench;

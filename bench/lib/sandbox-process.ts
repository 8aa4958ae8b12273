// Starts the sandbox as a child process (as a user would, through its CLI) and reads the one
// JSON line it prints when ready, so load generated here does not share the sandbox's event loop.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export interface SandboxInfo {
  url: string;
  brands: { feishu: string; lark: string };
  apps: {
    app_id: string;
    app_secret: string;
    encrypt_key: string;
    verification_token: string;
    brand: string;
    tenant_key: string;
  }[];
  users: { email: string; password: string; name: string }[];
}

export interface RunningSandbox {
  info: SandboxInfo;
  child: ChildProcess;
  stop(): Promise<void>;
}

const cli = fileURLToPath(new URL('../../sandbox/cli.ts', import.meta.url));

export async function startSandboxProcess(
  args: string[],
  timeoutMs = 120_000,
): Promise<RunningSandbox> {
  const child = spawn(process.execPath, [cli, '--port', '0', '--json', ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  const info = await new Promise<SandboxInfo>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('sandbox did not start in time')), timeoutMs);
    child.once('exit', (code) => reject(new Error(`sandbox exited with ${code}`)));
    lines.once('line', (line) => {
      clearTimeout(timer);
      try {
        resolve(JSON.parse(line) as SandboxInfo);
      } catch (e) {
        reject(e as Error);
      }
    });
  });
  return {
    info,
    child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      }),
  };
}

/** Resident set size of a process in MiB, read from /proc (Linux). */
export async function rssOfPid(pid: number): Promise<number> {
  const { readFile } = await import('node:fs/promises');
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 'NaN');
  return kb / 1024;
}

// `npm run control-plane` with no set-up: a real process on an embedded database in a fresh data
// directory, the printed admin login works, the CLI adds an admin, and SIGTERM stops it cleanly.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');

function start(
  dataDir: string,
): Promise<{ child: ChildProcess; output: () => string; url: string }> {
  const child = spawn(process.execPath, ['control-plane/server.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      GATEHOUSE_DATA_DIR: dataDir,
      GATEHOUSE_PORT: '0',
      GATEHOUSE_LOG_LEVEL: 'warn',
      DATABASE_URL: '',
      GATEHOUSE_ADMIN_EMAIL: '',
      GATEHOUSE_ADMIN_PASSWORD: '',
      GATEHOUSE_MASTER_KEY: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolveStart, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`server did not start in time:\n${out}`)),
      30_000,
    );
    const check = setInterval(() => {
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) {
        clearInterval(check);
        clearTimeout(timer);
        resolveStart({ child, output: () => out, url: m[1]! });
      }
    }, 50);
    child.once('exit', (code) => {
      clearInterval(check);
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${out}`));
    });
  });
}

const stop = (child: ChildProcess) =>
  new Promise<number | null>((resolveStop) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolveStop(code);
    });
    child.kill('SIGTERM');
  });

const loginAt = (url: string, email: string, password: string) =>
  fetch(`${url}/api/v1/admin/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });

describe('control-plane server process', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'gh-server-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('starts with embedded defaults, prints the URL and a working admin login, and stops on SIGTERM', async () => {
    const server = await start(dir);
    try {
      const email = /email:\s+(\S+)/.exec(server.output())?.[1];
      const password = /password:\s+(\S+)/.exec(server.output())?.[1];
      expect(email).toBe('admin@gatehouse.local');
      expect(server.output()).toContain('database:    pglite');
      expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
      const res = await loginAt(server.url, email!, password!);
      expect(res.status).toBe(200);
      expect(res.headers.get('set-cookie')).toMatch(/HttpOnly/);
    } finally {
      expect(await stop(server.child)).toBe(0);
    }
  }, 60_000);

  it('adds an admin with the CLI, who can then sign in; the next start prints no password', async () => {
    const cli = spawnSync(
      process.execPath,
      [
        'control-plane/cli.ts',
        'admin',
        'create',
        '--email',
        'cli@example.com',
        '--name',
        'CLI',
        '--password-stdin',
      ],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          GATEHOUSE_DATA_DIR: dir,
          DATABASE_URL: '',
          GATEHOUSE_MASTER_KEY: '',
        },
        input: 'typed on stdin, long enough\n',
        encoding: 'utf8',
      },
    );
    expect(cli.status, cli.stderr).toBe(0);
    expect(cli.stdout).toMatch(/created platform_admin cli@example\.com/);
    expect(cli.stdout).not.toContain('typed on stdin');
    const bad = spawnSync(
      process.execPath,
      ['control-plane/cli.ts', 'admin', 'create', '--email', 'not-an-email'],
      { cwd: ROOT, env: { ...process.env, GATEHOUSE_DATA_DIR: dir }, encoding: 'utf8' },
    );
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--email');

    const server = await start(dir);
    try {
      expect(server.output()).not.toMatch(/password:/);
      expect(
        (await loginAt(server.url, 'cli@example.com', 'typed on stdin, long enough')).status,
      ).toBe(200);
    } finally {
      await stop(server.child);
    }
  }, 60_000);

  it('exits with a clear message on bad configuration', () => {
    const res = spawnSync(process.execPath, ['control-plane/server.ts'], {
      cwd: ROOT,
      env: {
        ...process.env,
        GATEHOUSE_DATA_DIR: dir,
        GATEHOUSE_PORT: 'eighty',
        GATEHOUSE_PUBLIC_URL: 'ftp://x',
      },
      encoding: 'utf8',
    });
    expect(res.status).toBe(1);
    expect(res.stderr).toContain('GATEHOUSE_PORT');
    expect(res.stderr).toContain('GATEHOUSE_PUBLIC_URL');
  });
});

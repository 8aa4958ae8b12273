// The sandbox CLI as a process: one JSON line when ready, admin subcommands against it, clean
// exit on SIGTERM, exit code 2 on bad flags or a bad org file.
import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const CLI = join(import.meta.dirname, '../../../sandbox/cli.ts');
const children: ChildProcessWithoutNullStreams[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
});

function start(args: string[]): Promise<{ child: ChildProcessWithoutNullStreams; line: string }> {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: 'pipe' });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`no ready line in 20 s: ${err}`)), 20_000);
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const nl = out.indexOf('\n');
      if (nl >= 0) {
        clearTimeout(timer);
        resolve({ child, line: out.slice(0, nl) });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited ${code} before ready: ${err}`));
    });
  });
}

function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { timeout: 20_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

const exited = (child: ChildProcessWithoutNullStreams) =>
  new Promise<number | null>((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.on('exit', (code) => resolve(code));
  });

describe('sandbox CLI', () => {
  it('prints one JSON line when ready, serves admin commands, exits 0 on SIGTERM', async () => {
    const { child, line } = await start([
      '--port',
      '0',
      '--org',
      'tiny',
      '--json',
      '--seed',
      '4',
      '--no-rate-limits',
      '--retry-scale',
      '0.001',
      '--redirect-url',
      'http://127.0.0.1:7777/callback',
    ]);
    const ready = JSON.parse(line);
    expect(Object.keys(ready)).toEqual(['url', 'brands', 'apps', 'users']);
    expect(ready.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(ready.brands).toEqual({ feishu: ready.url, lark: `${ready.url}/lark` });
    expect(ready.apps).toHaveLength(3);
    for (const app of ready.apps) {
      expect(Object.keys(app).sort()).toEqual([
        'app_id',
        'app_secret',
        'brand',
        'encrypt_key',
        'tenant_key',
        'verification_token',
      ]);
    }
    expect(ready.users.map((u: { status: string }) => u.status)).toEqual(
      expect.arrayContaining(['active', 'frozen', 'resigned']),
    );

    const world = (await (await fetch(`${ready.url}/sandbox/world`)).json()) as {
      apps: { redirect_urls: string[] }[];
    };
    expect(world.apps[0]?.redirect_urls).toEqual(['http://127.0.0.1:7777/callback']);

    const member = ready.users.find((u: { role: string }) => u.role === 'member');
    const resigned = await run(['admin', '--url', ready.url, 'resign', member.email]);
    expect(resigned.code).toBe(0);
    expect(JSON.parse(resigned.stdout)).toMatchObject({
      union_id: member.union_id,
      status: 'resigned',
    });

    const missing = await run(['admin', '--url', ready.url, 'resign', 'nobody@acme.example']);
    expect(missing.code).toBe(1);
    expect(JSON.parse(missing.stdout).error.code).toBe('user_not_found');

    const dept = await run([
      'admin',
      '--url',
      ready.url,
      'create-dept',
      '--name',
      '命令行部门',
      '--department-id',
      'cli-dept',
    ]);
    expect(dept.code).toBe(0);
    expect(JSON.parse(dept.stdout)).toMatchObject({
      department_id: 'cli-dept',
      parent_department_id: '0',
    });

    const usage = await run(['admin', '--url', ready.url, 'resign']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/resign needs <user>/);

    child.kill('SIGTERM');
    expect(await exited(child)).toBe(0);
  }, 60_000);

  it('prints a how-to text without --json', async () => {
    const { child, line } = await start(['--port', '0', '--org', 'tiny']);
    expect(line).toMatch(/^Feishu\/Lark sandbox on http:\/\/127\.0\.0\.1:\d+/);
    child.kill('SIGINT');
    expect(await exited(child)).toBe(0);
  }, 30_000);

  it.each([
    [['--port', 'eighty'], /--port must be 0-65535/],
    [['--org', 'gigantic'], /there is no file "gigantic"/],
    [['--frobnicate'], /Unknown option '--frobnicate'/],
    [['admin', 'resign', 'x'], /needs --url/],
  ])(
    'exits 2 with a clear message on %j',
    async (args, message) => {
      const r = await run(args);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stdout).toBe('');
    },
    30_000,
  );

  it('exits 2 naming the bad field of an org file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'orgfile-'));
    const path = join(dir, 'org.json');
    writeFileSync(
      path,
      JSON.stringify({ users: [{ user_id: 'a', name: 'A', departments: ['x'] }] }),
    );
    const r = await run(['--port', '0', '--org', path, '--json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('users[0].departments[0]: unknown department "x"');
  }, 30_000);
});

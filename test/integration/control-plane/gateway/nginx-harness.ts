// Real nginx (the Debian package) for the forward-auth test: the documented example config
// (docs/gateway/nginx-gatehouse.conf) with its ports and key substituted, inside a main config
// that keeps every path (pid, logs, temp files) in a temporary directory. Started as a child
// with "daemon off", ended by its pid; readiness is polled a bounded number of times.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const NGINX = '/usr/sbin/nginx';
const EXAMPLE = new URL('../../../../docs/gateway/nginx-gatehouse.conf', import.meta.url);

export interface NginxGateway {
  port: number;
  dir: string;
  errorLog(): Promise<string>;
  stop(): Promise<void>;
}

export async function exampleConfig(opts: {
  port: number;
  controlPlane: string;
  upstream: string;
  gatewayKey: string;
}): Promise<string> {
  const text = await readFile(EXAMPLE, 'utf8');
  const replaced = text
    .replace('listen 8080;', `listen 127.0.0.1:${opts.port};`)
    .replace('http://127.0.0.1:4020', opts.controlPlane)
    .replace('http://127.0.0.1:3000', opts.upstream)
    .replace('ghgw_REPLACE-WITH-THE-KEY-FROM-THE-ADMIN-CONSOLE', opts.gatewayKey);
  const directives = replaced.replace(/#.*$/gm, '');
  for (const original of ['listen 8080;', '127.0.0.1:4020', '127.0.0.1:3000', 'REPLACE-WITH'])
    if (directives.includes(original)) throw new Error(`example config still has ${original}`);
  return replaced;
}

const httpStatus = (port: number): Promise<number | undefined> =>
  new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/', timeout: 1000 }, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.on('error', () => resolve(undefined));
    req.on('timeout', () => req.destroy());
    req.end();
  });

export async function startNginx(opts: {
  port: number;
  controlPlane: string;
  upstream: string;
  gatewayKey: string;
}): Promise<NginxGateway> {
  const dir = await mkdtemp(join(tmpdir(), 'gatehouse-nginx-'));
  // Workers run as "nobody" when the test runs as root: they must reach the temp paths.
  await chmod(dir, 0o755);
  await writeFile(join(dir, 'gatehouse.conf'), await exampleConfig(opts), { mode: 0o600 });
  await writeFile(
    join(dir, 'nginx.conf'),
    [
      'worker_processes 1;',
      `error_log ${dir}/error.log info;`,
      `pid ${dir}/nginx.pid;`,
      'events { worker_connections 128; }',
      'http {',
      `  access_log ${dir}/access.log;`,
      `  client_body_temp_path ${dir}/client_body;`,
      `  proxy_temp_path ${dir}/proxy;`,
      `  fastcgi_temp_path ${dir}/fastcgi;`,
      `  uwsgi_temp_path ${dir}/uwsgi;`,
      `  scgi_temp_path ${dir}/scgi;`,
      `  include ${dir}/gatehouse.conf;`,
      '}',
      '',
    ].join('\n'),
  );
  const child: ChildProcess = spawn(
    NGINX,
    ['-p', dir, '-c', join(dir, 'nginx.conf'), '-g', 'daemon off;'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-10_000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const errorLog = () => readFile(join(dir, 'error.log'), 'utf8').catch(() => '');

  async function stop(): Promise<void> {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    await rm(dir, { recursive: true, force: true });
  }

  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) break;
    if ((await httpStatus(opts.port)) !== undefined)
      return { port: opts.port, dir, errorLog, stop };
    await new Promise((r) => setTimeout(r, 50));
  }
  const log = await errorLog();
  await stop();
  throw new Error(`nginx did not start: ${stderr}\n${log}`);
}

// A PostgreSQL database for a bench: a fresh database on the server DATABASE_URL names, or else a
// throwaway cluster (initdb in a temporary directory, a free loopback port, default durability:
// fsync on, synchronous commit) that is stopped and deleted afterwards. Undefined when there are
// no server binaries and no DATABASE_URL.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, chownSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export interface BenchDatabase {
  url: string;
  /** Where it runs, for the report (no credentials). */
  label: string;
  close(): Promise<void>;
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.once('error', reject);
  });

async function adminQuery(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

async function freshDatabase(serverUrl: string, onClose: () => void): Promise<BenchDatabase> {
  const name = `gh_bench_${randomBytes(5).toString('hex')}`;
  await adminQuery(serverUrl, `create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    label: `${url.hostname}:${url.port}`,
    async close() {
      await adminQuery(serverUrl, `drop database if exists ${name} with (force)`).catch(() => {});
      onClose();
    },
  };
}

export async function benchPostgres(): Promise<BenchDatabase | undefined> {
  const given = process.env.DATABASE_URL?.trim();
  if (given) return freshDatabase(given, () => {});
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(a) - Number(b)) : [];
  const bin = versions.length ? join(root, versions.at(-1)!, 'bin') : undefined;
  if (!bin || !existsSync(join(bin, 'initdb'))) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'gh-bench-pg-'));
  const asRoot = process.getuid?.() === 0;
  const run = (cmd: string, args: string[]) =>
    asRoot
      ? execFileSync('runuser', ['-u', 'postgres', '--', join(bin, cmd), ...args], {
          stdio: 'pipe',
        })
      : execFileSync(join(bin, cmd), args, { stdio: 'pipe' });
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(dir, uid, gid);
  }
  const port = await freePort();
  run('initdb', ['-D', join(dir, 'data'), '-U', 'gatehouse', '--auth=trust', '-E', 'UTF8']);
  run('pg_ctl', [
    '-D',
    join(dir, 'data'),
    '-l',
    join(dir, 'log'),
    '-w',
    '-o',
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=200`,
    'start',
  ]);
  const stop = () => {
    try {
      run('pg_ctl', ['-D', join(dir, 'data'), '-m', 'immediate', 'stop']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  try {
    return await freshDatabase(`postgres://gatehouse@127.0.0.1:${port}/postgres`, stop);
  } catch (err) {
    stop();
    throw err;
  }
}

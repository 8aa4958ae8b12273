// A PostgreSQL for a bench: DATABASE_URL when set (a fresh database is created on it), else a
// throwaway cluster on a loopback port, as scripts/test-all.sh starts one (as the postgres user
// when running as root), stopped and removed afterwards.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export interface BenchPostgres {
  url: string;
  stop(): Promise<void>;
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => (a && typeof a === 'object' ? resolve(a.port) : reject(new Error('no port'))));
    });
  });

function pgBin(): string | undefined {
  try {
    const versions = readdirSync('/usr/lib/postgresql').sort((a, b) => Number(a) - Number(b));
    const v = versions.at(-1);
    return v ? `/usr/lib/postgresql/${v}/bin` : undefined;
  } catch {
    return undefined;
  }
}

async function freshDatabase(adminUrl: string): Promise<BenchPostgres> {
  const name = `gh_bench_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async stop() {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

export async function startBenchPostgres(): Promise<BenchPostgres | undefined> {
  if (process.env.DATABASE_URL) return freshDatabase(process.env.DATABASE_URL);
  const bin = pgBin();
  if (!bin) return undefined;
  const root = process.getuid?.() === 0;
  const run = (cmd: string, args: string[]) =>
    root
      ? execFileSync('runuser', ['-u', 'postgres', '--', join(bin, cmd), ...args], {
          stdio: 'pipe',
        })
      : execFileSync(join(bin, cmd), args, { stdio: 'pipe' });
  const dir = mkdtempSync(join(tmpdir(), 'gh-bench-pg-'));
  if (root) execFileSync('chown', ['postgres:', dir]);
  const port = await freePort();
  run('initdb', [
    '-D',
    join(dir, 'data'),
    '-U',
    'gatehouse',
    '--auth=trust',
    '-E',
    'UTF8',
    '--no-sync',
  ]);
  run('pg_ctl', [
    '-D',
    join(dir, 'data'),
    '-l',
    join(dir, 'log'),
    '-w',
    '-o',
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
    'start',
  ]);
  const db = await freshDatabase(`postgres://gatehouse@127.0.0.1:${port}/postgres`);
  return {
    url: db.url,
    async stop() {
      await db.stop().catch(() => undefined);
      try {
        run('pg_ctl', ['-D', join(dir, 'data'), '-m', 'immediate', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
